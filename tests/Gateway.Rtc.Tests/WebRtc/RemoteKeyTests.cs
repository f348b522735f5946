using System.Net;
using Gateway.Rtc.WebRtc;

namespace Gateway.Rtc.Tests.WebRtc;

public sealed class RemoteKeyTests
{
    [Theory]
    [InlineData("127.0.0.1", 5004)]
    [InlineData("192.0.2.200", 65535)]
    [InlineData("::1", 8189)]
    [InlineData("2001:db8::7", 1)]
    public void A_socket_address_and_its_endpoint_give_the_same_key(string address, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        Assert.True(RemoteKey.TryFrom(endPoint.Serialize(), out var key));
        Assert.Equal(RemoteKey.From(endPoint), key);
    }

    [Fact]
    public void An_ipv4_peer_seen_through_a_dual_mode_socket_is_the_same_peer()
    {
        var v4 = new IPEndPoint(IPAddress.Parse("127.0.0.1"), 40000);
        var mapped = new IPEndPoint(IPAddress.Parse("127.0.0.1").MapToIPv6(), 40000);
        Assert.True(RemoteKey.TryFrom(mapped.Serialize(), out var key));
        Assert.Equal(RemoteKey.From(v4), key);
        Assert.Equal(RemoteKey.From(v4), RemoteKey.From(mapped));
        Assert.NotEqual(RemoteKey.From(v4), RemoteKey.From(new IPEndPoint(IPAddress.Parse("127.0.0.1"), 40001)));
    }
}
