using System.Diagnostics;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Issue 8, TURN acceptance at the capture level: a <c>whep</c> capture with relay-only ICE
/// (<c>Gateway:WebRtc:IcePolicy</c> = relay, coturn on loopback with a static user) pulls the gateway's own WHEP output
/// of an ffmpeg RTP capture through the relay and records it completely; coturn's log shows the allocation and the
/// channel bind. With a wrong TURN password the capture fails and says why.
/// </summary>
public sealed class WhepRelayTests(ITestOutputHelper output)
{
    private const int PullSeconds = 10;

    private static Dictionary<string, string?> Relay(CoturnServer coturn, string password) => new()
    {
        ["Gateway:WebRtc:IcePolicy"] = "relay",
        ["Gateway:WebRtc:IceServers:0:Urls:0"] = $"turn:127.0.0.1:{coturn.Port}?transport=udp",
        ["Gateway:WebRtc:IceServers:0:Username"] = coturn.Username,
        ["Gateway:WebRtc:IceServers:0:Credential"] = password,
    };

    [Fact]
    public async Task Relay_only_whep_capture_records_through_coturn()
    {
        using var dir = new TempDirectory();
        await using var coturn = await CoturnServer.StartAsync();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"), Relay(coturn, coturn.Password));
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };
        var (originId, sender) = await StartOriginAsync(gateway, http);
        await using var _ = sender;

        var pull = await gateway.CreateCaptureAsync(http, new
        {
            name = "relayed", source = new { type = "whep", url = new Uri(baseUrl, $"/whep/{originId}").ToString() }, outputs = new[] { new { type = "mp4" } },
        });
        var pullId = pull["id"]!.GetValue<string>();
        var state = await GatewayFactory.WaitForStateAsync(http, pullId, TimeSpan.FromSeconds(40), "recording", "failed", "completed");
        Assert.True(state["state"]!.GetValue<string>() == "recording", state.ToJsonString());
        var recording = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(PullSeconds));
        await http.PostAsync($"/v1/captures/{pullId}/stop", null);
        var recorded = recording.Elapsed.TotalSeconds;
        var done = await GatewayFactory.WaitForStateAsync(http, pullId, TimeSpan.FromSeconds(60), "completed", "failed");
        output.WriteLine(done.ToJsonString());
        Assert.Equal("completed", done["state"]!.GetValue<string>());

        // The media went through coturn: it allocated a relay for us and bound a channel to the peer.
        Assert.Contains("ALLOCATE", coturn.Log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CHANNEL_BIND", coturn.Log, StringComparison.OrdinalIgnoreCase);
        var file = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;
        var probe = await MediaProbe.ProbeAsync(file);
        output.WriteLine($"recorded {recorded:F1} s, file {probe.DurationSeconds:F2} s, video {probe.Video?.Frames} frames, audio {probe.Audio?.CodecName}");
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.NotNull(probe.Audio);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(file));
        Assert.InRange(probe.DurationSeconds, recorded - 2, recorded + 2);
        await http.PostAsync($"/v1/captures/{originId}/stop", null);
    }

    [Fact]
    public async Task A_wrong_turn_password_fails_the_capture_with_the_reason()
    {
        using var dir = new TempDirectory();
        await using var coturn = await CoturnServer.StartAsync();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"), Relay(coturn, "not-the-password"));
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };
        var (originId, sender) = await StartOriginAsync(gateway, http);
        await using var _ = sender;

        var pull = await gateway.CreateCaptureAsync(http, new
        {
            name = "bad-turn", source = new { type = "whep", url = new Uri(baseUrl, $"/whep/{originId}").ToString() }, outputs = new[] { new { type = "mp4" } },
        });
        var done = await GatewayFactory.WaitForStateAsync(http, pull["id"]!.GetValue<string>(), TimeSpan.FromSeconds(60), "completed", "failed");
        var error = done["error"]?.GetValue<string>() ?? "";
        output.WriteLine(error);
        Assert.Equal("failed", done["state"]!.GetValue<string>());
        Assert.Contains("TURN", error, StringComparison.Ordinal);
        Assert.Contains("auth", error, StringComparison.OrdinalIgnoreCase);
        // The origin is not disturbed.
        Assert.Equal("recording", (await GatewayFactory.WaitForStateAsync(http, originId, TimeSpan.FromSeconds(5), "recording"))["state"]!.GetValue<string>());
        await http.PostAsync($"/v1/captures/{originId}/stop", null);
    }

    private static async Task<(string Id, ExternalProcess Sender)> StartOriginAsync(GatewayFactory gateway, HttpClient http)
    {
        var origin = await gateway.CreateCaptureAsync(http, new
        {
            name = "origin",
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")) },
            outputs = new[] { new { type = "mp4" } },
        });
        var id = origin["id"]!.GetValue<string>();
        var (videoPort, audioPort) = RtpPorts.Of(origin);
        var sender = ExternalProcess.Start("ffmpeg", SyncPattern.H264OpusSender(60, videoPort, audioPort));
        await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(30), "recording");
        return (id, sender);
    }
}
