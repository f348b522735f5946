using Gateway.Rtc.Stun;

namespace Gateway.Rtc.Ice;

/// <summary>
/// When checks go out (RFC 8445 §6.1.4): one new transaction per Ta — a queued triggered check first (§7.3.1.4),
/// otherwise the check list's next ordinary check — plus retransmissions of the ones in flight on their own RTO,
/// and the pair failing once the last transmission went unanswered. Pure state on an injected clock: the agent
/// polls it; unit tests drive it with a fake time provider. Not thread-safe (the agent's lock).
/// </summary>
public sealed class IceCheckScheduler(IceCheckList list, IceCheckSchedulerOptions options, TimeProvider time)
{
    private readonly Dictionary<StunTransactionId, IceCheckTransaction> _inFlight = [];
    private readonly LinkedList<(IceCandidatePair Pair, bool UseCandidate)> _triggered = new();
    private long _nextSlot = long.MinValue;

    public IReadOnlyCollection<IceCheckTransaction> InFlight => _inFlight.Values;

    public int TriggeredQueued => _triggered.Count;

    /// <summary>§7.3.1.4: a check answered on this pair, or a nomination, goes before ordinary checks.</summary>
    public void Trigger(IceCandidatePair pair, bool useCandidate = false)
    {
        foreach (var queued in _triggered)
            if (ReferenceEquals(queued.Pair, pair) && queued.UseCandidate == useCandidate) return;
        if (!useCandidate && pair.State == IceCandidatePairState.InProgress && !HasInFlight(pair)) pair.State = IceCandidatePairState.Waiting;
        _triggered.AddLast((pair, useCandidate));
    }

    /// <summary>A consent check (RFC 7675) goes out at once: it is paced by its own 5 s rhythm, not by Ta.</summary>
    public IceCheckTransaction StartConsent(IceCandidatePair pair) => Start(pair, useCandidate: false, consent: true, time.GetTimestamp());

    /// <summary>
    /// What to send now: at most one new transaction if a Ta slot is free, and every retransmission that is due.
    /// Transactions whose last transmission timed out are removed and reported in <paramref name="expired"/>; their
    /// pair fails unless another check on it is still running. <paramref name="newChecks"/> false (after selection)
    /// only retransmits.
    /// </summary>
    public void Poll(List<IceCheckTransaction> send, List<IceCheckTransaction> expired, bool newChecks = true)
    {
        var now = time.GetTimestamp();
        foreach (var transaction in _inFlight.Values)
        {
            if (now < transaction.DueAt) continue;
            if (transaction.Transmissions >= options.MaxTransmissions)
            {
                expired.Add(transaction);
                continue;
            }
            transaction.Rto = Min(transaction.Rto * 2, options.MaxRto);
            Transmit(transaction, now);
            send.Add(transaction);
        }
        foreach (var transaction in expired)
        {
            _inFlight.Remove(transaction.Id);
            if (!transaction.Consent && !HasInFlight(transaction.Pair) && transaction.Pair.State == IceCandidatePairState.InProgress)
                transaction.Pair.State = IceCandidatePairState.Failed;
        }
        if (!newChecks || now < _nextSlot) return;
        var next = NextNew(out var useCandidate);
        if (next is null) return;
        send.Add(Start(next, useCandidate, consent: false, now));
        _nextSlot = now + Ticks(options.Ta);
    }

    /// <summary>Ends a transaction on its answer; null when it is unknown (late, duplicate or not ours).</summary>
    public IceCheckTransaction? Complete(StunTransactionId id) => _inFlight.Remove(id, out var transaction) ? transaction : null;

    /// <summary>Gives up everything on a pair (it failed for good, e.g. a 401 answer).</summary>
    public void Cancel(IceCandidatePair pair)
    {
        foreach (var id in _inFlight.Where(t => ReferenceEquals(t.Value.Pair, pair)).Select(t => t.Key).ToList()) _inFlight.Remove(id);
    }

    private IceCandidatePair? NextNew(out bool useCandidate)
    {
        while (_triggered.First is { } first)
        {
            _triggered.RemoveFirst();
            var (pair, nominate) = first.Value;
            if (pair.State == IceCandidatePairState.Failed && !nominate) continue;
            useCandidate = nominate;
            if (!nominate) pair.State = IceCandidatePairState.InProgress;
            return pair;
        }
        useCandidate = false;
        return list.NextOrdinaryCheck();
    }

    private IceCheckTransaction Start(IceCandidatePair pair, bool useCandidate, bool consent, long now)
    {
        var transaction = new IceCheckTransaction(StunTransactionId.NewRandom(), pair, useCandidate, consent) { Rto = options.InitialRto };
        _inFlight[transaction.Id] = transaction;
        Transmit(transaction, now);
        return transaction;
    }

    private void Transmit(IceCheckTransaction transaction, long now)
    {
        transaction.Transmissions++;
        transaction.DueAt = now + Ticks(transaction.Rto);
    }

    private bool HasInFlight(IceCandidatePair pair)
    {
        foreach (var transaction in _inFlight.Values)
            if (ReferenceEquals(transaction.Pair, pair) && !transaction.Consent) return true;
        return false;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
