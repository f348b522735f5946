using Gateway.Rtc.Ice;

namespace Gateway.Rtc.Tests.Ice;

public sealed class IceServerUrlTests
{
    [Theory]
    [InlineData("stun:stun.example.org", IceServerScheme.Stun, "stun.example.org", 3478)]
    [InlineData("turn:127.0.0.1:5349", IceServerScheme.Turn, "127.0.0.1", 5349)]
    [InlineData("turn:turn.example.org:3478?transport=udp", IceServerScheme.Turn, "turn.example.org", 3478)]
    [InlineData("TURN:[::1]:4000", IceServerScheme.Turn, "::1", 4000)]
    [InlineData("stun:[2001:db8::1]", IceServerScheme.Stun, "2001:db8::1", 3478)]
    public void Parses_stun_and_turn_urls(string url, IceServerScheme scheme, string host, int port)
    {
        Assert.True(IceServerUrl.TryParse(url, out var parsed, out var reason), reason);
        Assert.Equal(new IceServerUrl(scheme, host, port), parsed);
    }

    [Theory]
    [InlineData("turns:turn.example.org", "TLS")]
    [InlineData("turn:turn.example.org?transport=tcp", "transport=udp")]
    [InlineData("http://example.org", "not a stun: or turn:")]
    [InlineData("turn:", "host")]
    [InlineData("turn:host:99999", "host")]
    [InlineData("turn:host:abc", "host")]
    [InlineData("", "empty")]
    public void Rejects_what_the_agent_cannot_use_with_a_reason(string url, string because)
    {
        Assert.False(IceServerUrl.TryParse(url, out var parsed, out var reason));
        Assert.Null(parsed);
        Assert.Contains(because, reason, StringComparison.Ordinal);
    }
}
