using System.Net;
using Gateway.Rtc.Ice;

namespace Gateway.Rtc.Tests.Ice;

/// <summary>
/// Two of our agents against each other on 127.0.0.1 (real sockets, real clock; the assertions are on outcomes only):
/// controlling nominates, controlled follows; a role conflict (both controlling) is resolved by the tie-breakers;
/// data flows both ways over the selected pair; no candidates on the other side is a typed failure.
/// </summary>
public sealed class IceAgentLoopbackTests
{
    private static readonly IceAgentOptions Loopback = new() { HostAddresses = [IPAddress.Loopback], ConnectTimeout = TimeSpan.FromSeconds(20) };

    [Theory]
    [InlineData(IceRole.Controlling, IceRole.Controlled)]
    [InlineData(IceRole.Controlling, IceRole.Controlling)]     // role conflict, RFC 8445 §7.3.1.1
    [InlineData(IceRole.Controlled, IceRole.Controlled)]
    public async Task Two_agents_select_the_same_pair_and_carry_data_both_ways(IceRole first, IceRole second)
    {
        await using var a = new IceAgent(Loopback, first);
        await using var b = new IceAgent(Loopback, second);
        await a.GatherAsync(CancellationToken.None);
        await b.GatherAsync(CancellationToken.None);
        var atA = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var atB = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.DataReceived = (d, _) => atA.TrySetResult(System.Text.Encoding.ASCII.GetString(d));
        b.DataReceived = (d, _) => atB.TrySetResult(System.Text.Encoding.ASCII.GetString(d));
        a.SetRemote(b.LocalUfrag, b.LocalPassword, b.LocalCandidates);
        b.SetRemote(a.LocalUfrag, a.LocalPassword, a.LocalCandidates);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var pairs = await Task.WhenAll(a.ConnectAsync(timeout.Token), b.ConnectAsync(timeout.Token));
        Assert.NotEqual(a.Role, b.Role);                          // exactly one side ended up controlling
        Assert.Equal(pairs[0].Local.EndPoint, pairs[1].Remote.EndPoint);
        Assert.Equal(pairs[0].Remote.EndPoint, pairs[1].Local.EndPoint);
        Assert.True(pairs[0].Nominated && pairs[1].Nominated);

        // DTLS-looking first bytes (22 = handshake record): anything but STUN goes to DataReceived.
        Assert.True(a.Send("\u0016 from a"u8));
        Assert.True(b.Send("\u0016 from b"u8));
        Assert.Equal("\u0016 from a", await atB.Task.WaitAsync(timeout.Token));
        Assert.Equal("\u0016 from b", await atA.Task.WaitAsync(timeout.Token));
    }

    [Fact]
    public async Task Consent_is_kept_while_the_peer_answers_and_lost_when_it_goes_away()
    {
        var quick = Loopback with { ConsentInterval = TimeSpan.FromMilliseconds(200), ConsentTimeout = TimeSpan.FromSeconds(3) };
        await using var a = new IceAgent(quick, IceRole.Controlling);
        var b = new IceAgent(quick, IceRole.Controlled);
        await a.GatherAsync(CancellationToken.None);
        await b.GatherAsync(CancellationToken.None);
        a.SetRemote(b.LocalUfrag, b.LocalPassword, b.LocalCandidates);
        b.SetRemote(a.LocalUfrag, a.LocalPassword, a.LocalCandidates);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Task.WhenAll(a.ConnectAsync(timeout.Token), b.ConnectAsync(timeout.Token));

        // Several consent rounds (each 160–240 ms) are answered: the connection stays up past the timeout.
        var stillUp = await Task.WhenAny(a.Disconnected, Task.Delay(TimeSpan.FromSeconds(4), timeout.Token));
        Assert.NotSame(a.Disconnected, stillUp);

        await b.DisposeAsync();                                   // the peer vanishes without a word
        Assert.Equal(IceFailureReason.ConsentLost, await a.Disconnected.WaitAsync(timeout.Token));
    }

    [Fact]
    public async Task A_remote_with_no_usable_candidate_fails_as_no_remote_candidates()
    {
        await using var a = new IceAgent(Loopback, IceRole.Controlling);
        await a.GatherAsync(CancellationToken.None);
        var v6Only = new IceCandidate(IceCandidateType.Host, new IPEndPoint(IPAddress.Parse("2001:db8::1"), 9), 1, "x");
        a.SetRemote("remote", "remote-password-0123456789", [v6Only]);
        var failure = await Assert.ThrowsAsync<IceException>(() => a.ConnectAsync(CancellationToken.None));
        Assert.Equal(IceFailureReason.NoRemoteCandidates, failure.Reason);
    }

    [Fact]
    public async Task Checks_nobody_answers_fail_as_ice_failed()
    {
        var options = Loopback with { Checks = new IceCheckSchedulerOptions { InitialRto = TimeSpan.FromMilliseconds(50), MaxRto = TimeSpan.FromMilliseconds(100), MaxTransmissions = 3 } };
        await using var a = new IceAgent(options, IceRole.Controlling);
        await a.GatherAsync(CancellationToken.None);
        using var silent = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var deaf = new IceCandidate(IceCandidateType.Host, (IPEndPoint)silent.LocalEndPoint!, 2130706431, "deaf");
        a.SetRemote("remote", "remote-password-0123456789", [deaf]);
        var failure = await Assert.ThrowsAsync<IceException>(() => a.ConnectAsync(CancellationToken.None));
        Assert.Equal(IceFailureReason.ChecksFailed, failure.Reason);
        Assert.StartsWith("ICE failed", failure.Message, StringComparison.Ordinal);
        Assert.Equal(IceCandidatePairState.Failed, Assert.Single(a.Pairs).State);
    }

    [Fact]
    public async Task Relay_only_without_a_turn_server_finds_nothing_to_gather()
    {
        await using var a = new IceAgent(Loopback with { Policy = IcePolicy.Relay }, IceRole.Controlling);
        var failure = await Assert.ThrowsAsync<IceException>(() => a.GatherAsync(CancellationToken.None));
        Assert.Equal(IceFailureReason.TurnUnavailable, failure.Reason);
    }
}
