namespace Gateway.Rtc.Ice;

/// <summary>
/// The check list of one data stream (RFC 8445 §6.1.2): pairs sorted by priority, redundant pairs pruned, initial
/// states set by foundation, and the choice of which pair to check next (§6.1.4.2). Not thread-safe: the agent
/// calls it under its lock. Server-reflexive locals are never paired: §6.1.2.4 replaces them with their base, which
/// is already paired as a host candidate.
/// </summary>
public sealed class IceCheckList
{
    /// <summary>§6.1.2.5: 100 pairs is the recommended ceiling; a hostile SDP cannot make us check thousands.</summary>
    public const int MaxPairs = 100;

    private readonly List<IceCandidatePair> _pairs = [];

    public IReadOnlyList<IceCandidatePair> Pairs => _pairs;

    public bool Controlling { get; private set; }

    public IceCheckList(bool controlling) => Controlling = controlling;

    /// <summary>Pairs every local candidate with every remote one of the same address family (§6.1.2.2).</summary>
    public void Form(IEnumerable<IceCandidate> locals, IEnumerable<IceCandidate> remotes)
    {
        var remoteList = remotes.ToList();
        foreach (var local in locals)
        {
            if (local.Type == IceCandidateType.ServerReflexive) continue;
            foreach (var remote in remoteList) TryAdd(local, remote, out _);
        }
        SetInitialStates();
    }

    /// <summary>Adds one pair (a new remote candidate, or a peer-reflexive one learned from a check); false when a
    /// pair with the same local base and remote address exists (§6.1.2.4 pruning) or the list is full.</summary>
    public bool TryAdd(IceCandidate local, IceCandidate remote, out IceCandidatePair pair)
    {
        var existing = Find(local, remote.EndPoint);
        if (existing is not null)
        {
            pair = existing;
            return false;
        }
        if (local.EndPoint.AddressFamily != remote.EndPoint.AddressFamily || _pairs.Count >= MaxPairs)
        {
            pair = null!;
            return false;
        }
        var added = new IceCandidatePair(local, remote, Controlling);
        var index = _pairs.FindIndex(p => p.Priority < added.Priority);
        _pairs.Insert(index < 0 ? _pairs.Count : index, added);
        pair = added;
        return true;
    }

    public IceCandidatePair? Find(IceCandidate local, System.Net.IPEndPoint remote) =>
        _pairs.Find(p => ReferenceEquals(p.Local, local) && p.Remote.EndPoint.Equals(remote));

    /// <summary>A role switch (§7.3.1.1) changes every pair's priority and so the order.</summary>
    public void SetRole(bool controlling)
    {
        if (controlling == Controlling) return;
        Controlling = controlling;
        foreach (var pair in _pairs) pair.UpdateRole(controlling);
        _pairs.Sort((a, b) => b.Priority.CompareTo(a.Priority));
    }

    /// <summary>
    /// §6.1.2.6: per foundation, the highest-priority pair starts Waiting, the others Frozen (with one component the
    /// lowest-component rule reduces to this).
    /// </summary>
    public void SetInitialStates()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in _pairs)
        {
            if (pair.State != IceCandidatePairState.Frozen) continue;
            if (seen.Add(pair.Foundation)) pair.State = IceCandidatePairState.Waiting;
        }
    }

    /// <summary>
    /// §6.1.4.2: the highest-priority Waiting pair; when none waits, the highest-priority Frozen pair is unfrozen
    /// and taken. Null when every pair is in progress or done.
    /// </summary>
    public IceCandidatePair? NextOrdinaryCheck()
    {
        var next = _pairs.Find(p => p.State == IceCandidatePairState.Waiting)
                   ?? _pairs.Find(p => p.State == IceCandidatePairState.Frozen);
        if (next is not null) next.State = IceCandidatePairState.InProgress;
        return next;
    }

    /// <summary>§7.2.5.3.3: a success unfreezes the pairs that share its foundation.</summary>
    public void UnfreezeFoundation(string foundation)
    {
        foreach (var pair in _pairs)
            if (pair.State == IceCandidatePairState.Frozen && pair.Foundation == foundation) pair.State = IceCandidatePairState.Waiting;
    }

    /// <summary>The best valid pair (the nomination candidate), or null.</summary>
    public IceCandidatePair? BestValid() => _pairs.Find(p => p.Valid);

    /// <summary>True while some pair ranked above <paramref name="pair"/> may still succeed.</summary>
    public bool HigherPairPending(IceCandidatePair pair) =>
        _pairs.Exists(p => p.Priority > pair.Priority && p.State is IceCandidatePairState.Frozen or IceCandidatePairState.Waiting or IceCandidatePairState.InProgress);

    /// <summary>§6.1.2.6 / §8.1.2: every pair has failed.</summary>
    public bool AllFailed => _pairs.Count == 0 || _pairs.TrueForAll(p => p.State == IceCandidatePairState.Failed);
}
