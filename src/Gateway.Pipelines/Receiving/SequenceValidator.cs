namespace Gateway.Pipelines.Receiving;

/// <summary>Outcome of <see cref="SequenceValidator.Update"/>.</summary>
internal enum SequenceUpdate
{
    /// <summary>Valid and newer than every packet before (a gap is loss, counted by the expected/received sums).</summary>
    InOrder,
    /// <summary>Valid but not newer than the highest seen: reordered or duplicate.</summary>
    Older,
    /// <summary>The source is still on probation; the packet is not counted.</summary>
    Probation,
    /// <summary>A very large jump; dropped until the next packet confirms a restart.</summary>
    Bad,
    /// <summary>The packet confirmed a restart: counters start over from it.</summary>
    Restarted,
}

/// <summary>
/// Per-source sequence state of RFC 3550 §A.1 (probation, MAX_DROPOUT, MAX_MISORDER, resync) and the loss
/// arithmetic of §A.3. A mutable struct owned by <see cref="RtpReceiver"/>; one source at a time.
/// </summary>
internal struct SequenceValidator
{
    public const int MaxDropout = 3000;  // §A.1 defaults
    public const int MaxMisorder = 100;
    private const int SequenceModulo = 1 << 16;

    public ushort MaxSequence;
    public uint Cycles;       // count of wraps, shifted left 16 as in §A.1
    public uint BaseSequence;
    public uint BadSequence;
    public int Probation;
    public long Received;
    public long ExpectedPrior;
    public long ReceivedPrior;
    private int _minSequential;

    /// <summary>First packet of a source: §A.1 "s->max_seq = seq - 1; s->probation = MIN_SEQUENTIAL".</summary>
    public static SequenceValidator ForNewSource(ushort sequence, int minSequential)
    {
        var state = default(SequenceValidator);
        state.Init(sequence);
        state.MaxSequence = (ushort)(sequence - 1);
        state.Probation = minSequential;
        state._minSequential = minSequential;
        return state;
    }

    public readonly bool IsValid => Probation == 0;

    /// <summary>Extended highest sequence number received (§6.4.1: cycles in the high 16 bits).</summary>
    public readonly uint ExtendedMax => Cycles + MaxSequence;

    public readonly long Expected => IsValid ? (long)ExtendedMax - BaseSequence + 1 : 0;

    /// <summary>Cumulative lost (§A.3); negative when duplicates outnumber losses.</summary>
    public readonly long Lost => Expected - Received;

    public SequenceUpdate Update(ushort sequence)
    {
        var delta = (ushort)(sequence - MaxSequence);
        if (Probation > 0)
        {
            // Probation: the source is valid only after MIN_SEQUENTIAL packets in sequence.
            if (sequence == (ushort)(MaxSequence + 1))
            {
                Probation--;
                MaxSequence = sequence;
                if (Probation == 0)
                {
                    Init(sequence);
                    Received++;
                    return SequenceUpdate.InOrder;
                }
            }
            else
            {
                Probation = MinSequentialAfterMiss;
                MaxSequence = sequence;
            }
            return SequenceUpdate.Probation;
        }
        if (delta < MaxDropout)
        {
            if (sequence < MaxSequence) Cycles += SequenceModulo; // wrapped
            MaxSequence = sequence;
            Received++;
            return delta == 0 ? SequenceUpdate.Older : SequenceUpdate.InOrder;
        }
        if (delta <= SequenceModulo - MaxMisorder)
        {
            if (sequence == BadSequence)
            {
                // Two sequential packets after a big jump: the sender restarted without telling us (§A.1).
                Init(sequence);
                Received++;
                return SequenceUpdate.Restarted;
            }
            BadSequence = (uint)((sequence + 1) & (SequenceModulo - 1));
            return SequenceUpdate.Bad;
        }
        Received++; // duplicate or reordered: counted, as §6.4.1 says (cumulative lost may go negative)
        return SequenceUpdate.Older;
    }

    /// <summary>§A.3: fraction lost since the previous report, in 1/256, clamped at 0 when duplicates outnumber losses.</summary>
    public byte TakeFractionLost()
    {
        long expected = Expected;
        long expectedInterval = expected - ExpectedPrior;
        ExpectedPrior = expected;
        long receivedInterval = Received - ReceivedPrior;
        ReceivedPrior = Received;
        long lostInterval = expectedInterval - receivedInterval;
        return expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)((lostInterval << 8) / expectedInterval);
    }

    // §A.1 restarts probation at MIN_SEQUENTIAL - 1 (this packet counts as the first); never 0, which would
    // validate the source without initializing its counters.
    private readonly int MinSequentialAfterMiss => Math.Max(1, _minSequential - 1);

    private void Init(ushort sequence)
    {
        BaseSequence = sequence;
        MaxSequence = sequence;
        BadSequence = SequenceModulo + 1; // so sequence == BadSequence is false
        Cycles = 0;
        Received = 0;
        ReceivedPrior = 0;
        ExpectedPrior = 0;
    }
}
