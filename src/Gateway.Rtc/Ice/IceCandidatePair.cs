namespace Gateway.Rtc.Ice;

/// <summary>RFC 8445 §6.1.2.6 pair states.</summary>
public enum IceCandidatePairState
{
    Frozen,
    Waiting,
    InProgress,
    Succeeded,
    Failed,
}

/// <summary>
/// A local and a remote candidate and the state of their connectivity check (RFC 8445 §6.1.2). Mutated only by the
/// agent under its lock; <see cref="Priority"/> depends on which side is controlling, so it is recomputed when the
/// role changes.
/// </summary>
public sealed class IceCandidatePair(IceCandidate local, IceCandidate remote, bool controlling)
{
    public IceCandidate Local { get; } = local;

    public IceCandidate Remote { get; } = remote;

    public ulong Priority { get; private set; } = ComputePriority(local, remote, controlling);

    public IceCandidatePairState State { get; internal set; } = IceCandidatePairState.Frozen;

    /// <summary>§7.2.5.3.2: a check on this pair succeeded, so it may be nominated and carry media.</summary>
    public bool Valid { get; internal set; }

    /// <summary>The controlling side asked for this pair with USE-CANDIDATE and it succeeded (§8.1.1).</summary>
    public bool Nominated { get; internal set; }

    /// <summary>The controlled side saw USE-CANDIDATE on this pair before its own check succeeded (§7.3.1.5).</summary>
    internal bool NominateOnSuccess { get; set; }

    /// <summary>The pair's foundation (§6.1.2.6): pairs sharing one are unfrozen together.</summary>
    public string Foundation => Local.Foundation + ":" + Remote.Foundation;

    internal void UpdateRole(bool controlling) => Priority = ComputePriority(Local, Remote, controlling);

    /// <summary>
    /// RFC 8445 §6.1.2.3: with G the controlling agent's candidate priority and D the controlled agent's,
    /// pair priority = 2^32 × MIN(G, D) + 2 × MAX(G, D) + (G &gt; D ? 1 : 0).
    /// </summary>
    public static ulong ComputePriority(IceCandidate local, IceCandidate remote, bool controlling)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        return ComputePriority(controlling ? local.Priority : remote.Priority, controlling ? remote.Priority : local.Priority);
    }

    public static ulong ComputePriority(uint controllingPriority, uint controlledPriority)
    {
        ulong g = controllingPriority, d = controlledPriority;
        return (Math.Min(g, d) << 32) + 2 * Math.Max(g, d) + (g > d ? 1ul : 0ul);
    }

    public override string ToString() => $"{Local} -> {Remote} ({State}{(Nominated ? ", nominated" : "")})";
}
