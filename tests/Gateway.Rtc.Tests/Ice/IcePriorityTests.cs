using System.Net;
using Gateway.Rtc.Ice;

namespace Gateway.Rtc.Tests.Ice;

/// <summary>Candidate priorities (RFC 8445 §5.1.2) and pair priorities (§6.1.2.3).</summary>
public sealed class IcePriorityTests
{
    [Theory]
    [InlineData(IceCandidateType.Host, 65535, 1, 2130706431u)]          // 126·2^24 + 65535·2^8 + 255: Chromium's host value
    [InlineData(IceCandidateType.Host, 65535, 2, 2130706430u)]          // component 2 ranks just below
    [InlineData(IceCandidateType.PeerReflexive, 65535, 1, 1862270975u)] // 110·2^24 + …
    [InlineData(IceCandidateType.ServerReflexive, 65535, 1, 1694498815u)]
    [InlineData(IceCandidateType.Relayed, 65535, 1, 16777215u)]         // type preference 0: only local pref and component
    [InlineData(IceCandidateType.Relayed, 0, 256, 0u)]                  // the lowest possible priority
    public void Candidate_priority_follows_the_formula(IceCandidateType type, int localPreference, int component, uint expected) =>
        Assert.Equal(expected, IceCandidate.ComputePriority(type, (ushort)localPreference, component));

    [Fact]
    public void Types_rank_host_then_peer_reflexive_then_server_reflexive_then_relayed_whatever_the_local_preference()
    {
        uint Of(IceCandidateType t, ushort pref) => IceCandidate.ComputePriority(t, pref);
        Assert.True(Of(IceCandidateType.Host, 0) > Of(IceCandidateType.PeerReflexive, 65535));
        Assert.True(Of(IceCandidateType.PeerReflexive, 0) > Of(IceCandidateType.ServerReflexive, 65535));
        Assert.True(Of(IceCandidateType.ServerReflexive, 0) > Of(IceCandidateType.Relayed, 65535));
    }

    [Fact]
    public void Ipv6_addresses_are_preferred_and_earlier_addresses_rank_higher()
    {
        Assert.True(IceCandidate.LocalPreference(IPAddress.IPv6Loopback, 5) > IceCandidate.LocalPreference(IPAddress.Loopback, 0));
        Assert.True(IceCandidate.LocalPreference(IPAddress.Loopback, 0) > IceCandidate.LocalPreference(IPAddress.Loopback, 1));
    }

    [Theory]
    // 2^32·MIN(G,D) + 2·MAX(G,D) + (G>D ? 1 : 0)
    [InlineData(2130706431u, 16777215u, (16777215ul << 32) + 2 * 2130706431ul + 1)]
    [InlineData(16777215u, 2130706431u, (16777215ul << 32) + 2 * 2130706431ul)]
    [InlineData(100u, 100u, (100ul << 32) + 200)]
    [InlineData(0u, 0u, 0ul)]
    [InlineData(2130706431u, 2130706431u, (2130706431ul << 32) + 2 * 2130706431ul)]   // the highest real priority (type 126) fits
    public void Pair_priority_follows_the_formula(uint controlling, uint controlled, ulong expected) =>
        Assert.Equal(expected, IceCandidatePair.ComputePriority(controlling, controlled));

    [Fact]
    public void Both_agents_compute_the_same_pair_priority_from_their_own_side()
    {
        var ours = Candidate(IceCandidateType.Host, "10.0.0.1", 5000);
        var theirs = Candidate(IceCandidateType.Relayed, "10.0.0.2", 6000);
        var fromControlling = IceCandidatePair.ComputePriority(ours, theirs, controlling: true);
        var fromControlled = IceCandidatePair.ComputePriority(theirs, ours, controlling: false);
        Assert.Equal(fromControlling, fromControlled);
        // and a role switch changes it: the tie-break bit moves to the other side
        Assert.NotEqual(fromControlling, IceCandidatePair.ComputePriority(ours, theirs, controlling: false));
    }

    internal static IceCandidate Candidate(IceCandidateType type, string address, int port, ushort localPreference = 65535, string? foundation = null) =>
        new(type, new IPEndPoint(IPAddress.Parse(address), port), IceCandidate.ComputePriority(type, localPreference),
            foundation ?? $"{type}-{address}");
}
