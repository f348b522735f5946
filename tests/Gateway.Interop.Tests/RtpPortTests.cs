using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;

namespace Gateway.Interop.Tests;

/// <summary>Issue 4 acceptance: port 0 picks from Gateway:Rtp:PortRange; explicit ports are bound; a busy port is a 400 naming it.</summary>
public sealed partial class RtpPortTests
{

    [Fact]
    public async Task Port_zero_picks_from_the_range_explicit_ports_are_bound_and_a_busy_port_is_named()
    {
        var low = FreePorts.UdpPair();
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"),
            new Dictionary<string, string?> { ["Gateway:Rtp:PortRange"] = $"{low}-{low + 19}" });
        using var http = gateway.CreateClient();

        var picked = await gateway.CreateCaptureAsync(http, new
        {
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "")) },
            outputs = new[] { new { type = "mp4" } },
        });
        var ports = RtpPorts.MediaPort().Matches(picked["source"]!["answerSdp"]!.GetValue<string>())
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, ports.Length);
        foreach (var port in ports)
        {
            Assert.InRange(port, low, low + 18);
            Assert.Equal(0, port % 2);
            AssertBound(port);
            AssertBound(port + 1);                              // RTCP = RTP + 1
        }

        var explicitPort = FreePorts.UdpPair();
        var given = await gateway.CreateCaptureAsync(http, new
        {
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("audio", explicitPort, 111, "opus/48000/2", "")) },
            outputs = new[] { new { type = "audio" } },
        });
        Assert.Matches($"m=audio {explicitPort} ", given["source"]!["answerSdp"]!.GetValue<string>());
        AssertBound(explicitPort);

        var busy = await http.PostAsJsonAsync("/v1/captures", new
        {
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("audio", explicitPort, 111, "opus/48000/2", "")) },
            outputs = new[] { new { type = "audio" } },
        });
        var body = await busy.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, busy.StatusCode);
        Assert.Contains(explicitPort.ToString(CultureInfo.InvariantCulture), body, StringComparison.Ordinal);

        foreach (var id in new[] { picked["id"]!.GetValue<string>(), given["id"]!.GetValue<string>() })
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/v1/captures/{id}/stop", null)).StatusCode);
    }

    private static void AssertBound(int port)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var ex = Assert.Throws<SocketException>(() => probe.Bind(new IPEndPoint(IPAddress.Loopback, port)));
        Assert.Equal(SocketError.AddressAlreadyInUse, ex.SocketErrorCode);
    }
}
