using Gateway.Rtc.Stun;

namespace Gateway.Rtc.Ice;

/// <summary>One outstanding Binding request on a pair: its bytes (retransmitted unchanged, RFC 8489 §6.2.1) and timer.</summary>
public sealed class IceCheckTransaction(StunTransactionId id, IceCandidatePair pair, bool useCandidate, bool consent)
{
    public StunTransactionId Id { get; } = id;

    public IceCandidatePair Pair { get; } = pair;

    /// <summary>Carries USE-CANDIDATE: the controlling side's nomination (RFC 8445 §8.1.1).</summary>
    public bool UseCandidate { get; } = useCandidate;

    /// <summary>A consent freshness check (RFC 7675) on the selected pair, not a connectivity check.</summary>
    public bool Consent { get; } = consent;

    /// <summary>The encoded request, filled by the agent before the first transmission.</summary>
    public byte[] Request { get; set; } = [];

    public int Transmissions { get; internal set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when it is retransmitted or, after the last one, given up.</summary>
    public long DueAt { get; internal set; }

    public TimeSpan Rto { get; internal set; }
}
