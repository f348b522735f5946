using Gateway.Rtc.Ice;
using static Gateway.Rtc.Tests.Ice.IcePriorityTests;

namespace Gateway.Rtc.Tests.Ice;

/// <summary>Forming, ordering, pruning and unfreezing the check list (RFC 8445 §6.1.2, §6.1.4.2).</summary>
public sealed class IceCheckListTests
{
    private static readonly IceCandidate LocalHost = Candidate(IceCandidateType.Host, "192.0.2.1", 1000);
    private static readonly IceCandidate LocalReflexive = Candidate(IceCandidateType.ServerReflexive, "198.51.100.1", 1000);
    private static readonly IceCandidate LocalRelay = Candidate(IceCandidateType.Relayed, "203.0.113.1", 2000);
    private static readonly IceCandidate RemoteHost = Candidate(IceCandidateType.Host, "192.0.2.9", 3000);
    private static readonly IceCandidate RemoteRelay = Candidate(IceCandidateType.Relayed, "203.0.113.9", 4000);
    private static readonly IceCandidate RemoteV6 = Candidate(IceCandidateType.Host, "2001:db8::9", 3000);

    [Fact]
    public void Pairs_are_sorted_by_pair_priority_highest_first()
    {
        var list = new IceCheckList(controlling: true);
        list.Form([LocalRelay, LocalHost], [RemoteRelay, RemoteHost]);
        Assert.Equal(4, list.Pairs.Count);
        Assert.Equal(list.Pairs.OrderByDescending(p => p.Priority).Select(p => p.Priority), list.Pairs.Select(p => p.Priority));
        Assert.Equal((LocalHost, RemoteHost), (list.Pairs[0].Local, list.Pairs[0].Remote));          // direct first
        Assert.Equal((LocalRelay, RemoteRelay), (list.Pairs[^1].Local, list.Pairs[^1].Remote));      // relay-to-relay last
    }

    [Fact]
    public void Server_reflexive_locals_and_other_address_families_are_not_paired_and_duplicates_are_pruned()
    {
        var list = new IceCheckList(controlling: true);
        list.Form([LocalHost, LocalReflexive], [RemoteHost, RemoteV6]);
        var only = Assert.Single(list.Pairs);
        Assert.Same(LocalHost, only.Local);
        Assert.False(list.TryAdd(LocalHost, Candidate(IceCandidateType.PeerReflexive, "192.0.2.9", 3000), out var existing));
        Assert.Same(only, existing);
    }

    [Fact]
    public void One_pair_per_foundation_starts_waiting_and_a_success_unfreezes_its_foundation()
    {
        var list = new IceCheckList(controlling: true);
        var sameFoundation = Candidate(IceCandidateType.Host, "192.0.2.10", 3001, localPreference: 100, foundation: RemoteHost.Foundation);
        list.Form([LocalHost], [RemoteHost, sameFoundation, RemoteRelay]);
        Assert.Equal([IceCandidatePairState.Waiting, IceCandidatePairState.Frozen, IceCandidatePairState.Waiting], list.Pairs.Select(p => p.State));

        var first = list.NextOrdinaryCheck()!;
        Assert.Same(RemoteHost, first.Remote);
        Assert.Equal(IceCandidatePairState.InProgress, first.State);
        list.UnfreezeFoundation(first.Foundation);
        Assert.Equal(IceCandidatePairState.Waiting, list.Pairs[1].State);
        Assert.Same(sameFoundation, list.NextOrdinaryCheck()!.Remote);   // waiting pairs in priority order
        Assert.Same(RemoteRelay, list.NextOrdinaryCheck()!.Remote);
        Assert.Null(list.NextOrdinaryCheck());
    }

    [Fact]
    public void With_nothing_waiting_the_highest_frozen_pair_is_taken()
    {
        var list = new IceCheckList(controlling: true);
        var sameFoundation = Candidate(IceCandidateType.Host, "192.0.2.10", 3001, localPreference: 100, foundation: RemoteHost.Foundation);
        list.Form([LocalHost], [RemoteHost, sameFoundation]);
        list.NextOrdinaryCheck()!.State = IceCandidatePairState.Failed;
        Assert.Same(sameFoundation, list.NextOrdinaryCheck()!.Remote);
        Assert.False(list.AllFailed);
    }

    [Fact]
    public void A_role_switch_reorders_by_the_new_priorities()
    {
        var list = new IceCheckList(controlling: true);
        list.Form([LocalHost, LocalRelay], [RemoteHost, RemoteRelay]);
        list.SetRole(controlling: false);
        Assert.All(list.Pairs, p => Assert.Equal(IceCandidatePair.ComputePriority(p.Local, p.Remote, controlling: false), p.Priority));
        Assert.Equal(list.Pairs.OrderByDescending(p => p.Priority).Select(p => p.Priority), list.Pairs.Select(p => p.Priority));
    }

    [Fact]
    public void A_higher_pair_still_pending_holds_back_nomination_until_it_fails()
    {
        var list = new IceCheckList(controlling: true);
        list.Form([LocalHost, LocalRelay], [RemoteHost]);
        var direct = list.Pairs[0];
        var relayed = list.Pairs[1];
        relayed.Valid = true;
        relayed.State = IceCandidatePairState.Succeeded;
        Assert.Same(relayed, list.BestValid());
        Assert.True(list.HigherPairPending(relayed));
        direct.State = IceCandidatePairState.Failed;
        Assert.False(list.HigherPairPending(relayed));
    }
}
