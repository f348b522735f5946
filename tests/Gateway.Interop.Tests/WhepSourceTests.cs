using System.Diagnostics;
using System.Net;
using Gateway.Interop.Tests.Support;
using Gateway.Interop.Tests.Support.Whep;
using Gateway.Worker.Viewers;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Issue 8 item 4, the client half, and item 6 for WHEP: a capture whose source is <c>whep</c> pulls the gateway's own
/// WHEP output of a live RTP capture (ffmpeg H.264 + Opus) — full ICE as controlling agent, DTLS client against the
/// ICE-lite, DTLS-passive server — and records it; its session is DELETEd when it stops. Failures (unreachable URL,
/// HTTP error) end the capture as failed with that reason.
/// </summary>
public sealed class WhepSourceTests(ITestOutputHelper output)
{
    private const int SenderSeconds = 60;
    private const int PullSeconds = 12;

    [Fact]
    public async Task A_whep_source_records_the_gateways_own_whep_output_of_an_rtp_capture_and_deletes_its_session_at_stop()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };
        var origin = await gateway.CreateCaptureAsync(http, new
        {
            name = "origin",
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")) },
            outputs = new[] { new { type = "mp4" } },
        });
        var originId = origin["id"]!.GetValue<string>();
        var (videoPort, audioPort) = RtpPorts.Of(origin);
        await using var sender = ExternalProcess.Start("ffmpeg", SyncPattern.H264OpusSender(SenderSeconds, videoPort, audioPort));
        await GatewayFactory.WaitForStateAsync(http, originId, TimeSpan.FromSeconds(30), "recording");

        // No API keys: a loopback client may watch without a token, and the gateway pulling from itself is one.
        var pull = await gateway.CreateCaptureAsync(http, new
        {
            name = "pull",
            source = new { type = "whep", url = new Uri(baseUrl, $"/whep/{originId}").ToString() },
            outputs = new[] { new { type = "mp4" } },
        });
        var pullId = pull["id"]!.GetValue<string>();
        var created = Stopwatch.StartNew();
        await GatewayFactory.WaitForStateAsync(http, pullId, TimeSpan.FromSeconds(40), "recording", "failed", "completed");
        var recording = Stopwatch.StartNew();
        output.WriteLine($"whep capture recording {created.ElapsedMilliseconds} ms after it was created");
        var live = gateway.Services.GetRequiredService<LiveMediaRegistry>().Find(originId)!;
        Assert.Equal(1, live.ViewerCount);

        await Task.Delay(TimeSpan.FromSeconds(PullSeconds));
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/v1/captures/{pullId}/stop", null)).StatusCode);
        var recorded = recording.Elapsed.TotalSeconds;
        var done = await GatewayFactory.WaitForStateAsync(http, pullId, TimeSpan.FromSeconds(60), "completed", "failed");
        output.WriteLine(done.ToJsonString());
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        // The stop DELETEd the WHEP session: the origin has no viewer left, and it records on.
        Assert.True(await WaitAsync(() => live.ViewerCount == 0, TimeSpan.FromSeconds(10)), $"viewers: {live.ViewerCount}");
        Assert.Equal("recording", (await GatewayFactory.WaitForStateAsync(http, originId, TimeSpan.FromSeconds(5), "recording"))["state"]!.GetValue<string>());

        var file = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;
        var probe = await MediaProbe.ProbeAsync(file);
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.NotNull(probe.Audio);
        var errors = await MediaProbe.DecodeErrorsAsync(file);
        Assert.True(errors.Length == 0, $"decode errors: {errors}");
        output.WriteLine($"recorded {recorded:F1} s, file {probe.DurationSeconds:F2} s, video {probe.Video?.Frames} frames, audio {probe.Audio?.CodecName}");
        Assert.InRange(probe.DurationSeconds, recorded - 2, recorded + 2);
        await http.PostAsync($"/v1/captures/{originId}/stop", null);
    }

    [Fact]
    public async Task An_unreachable_url_or_an_http_error_fails_the_capture_with_that_reason()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };
        var closedPort = FreePorts.Tcp();   // free: nothing listens there

        var unreachable = await PullAsync(gateway, http, $"http://127.0.0.1:{closedPort}/whep/nothing");
        output.WriteLine($"unreachable: {unreachable}");
        Assert.StartsWith("WHEP URL unreachable: http://127.0.0.1:", unreachable);

        var missing = await PullAsync(gateway, http, new Uri(baseUrl, "/whep/c_nosuchcapture").ToString());
        output.WriteLine($"http error: {missing}");
        Assert.Contains("answered HTTP 404", missing);
    }

    [Fact]
    public async Task An_answer_whose_candidates_are_dead_or_whose_fingerprint_is_wrong_fails_as_ice_or_dtls_failed()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"), new Dictionary<string, string?>
        {
            ["Gateway:WebRtc:IceConnectTimeout"] = "00:00:05",   // the default 30 s would only make the test slow
        });
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };
        var origin = await gateway.CreateCaptureAsync(http, new
        {
            name = "origin",
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")) },
            outputs = new[] { new { type = "mp4" } },
        });
        var originId = origin["id"]!.GetValue<string>();
        var (videoPort, audioPort) = RtpPorts.Of(origin);
        await using var sender = ExternalProcess.Start("ffmpeg", SyncPattern.H264OpusSender(SenderSeconds, videoPort, audioPort));
        await GatewayFactory.WaitForStateAsync(http, originId, TimeSpan.FromSeconds(30), "recording");
        await using var proxy = await TamperingWhepProxy.StartAsync(baseUrl, FreePorts.UdpPair());

        var ice = await PullAsync(gateway, http, new Uri(proxy.BaseUrl, $"ice/{originId}").ToString(), TimeSpan.FromSeconds(60));
        output.WriteLine($"dead candidates: {ice}");
        Assert.Contains("ICE failed", ice);

        var dtls = await PullAsync(gateway, http, new Uri(proxy.BaseUrl, $"dtls/{originId}").ToString(), TimeSpan.FromSeconds(60));
        output.WriteLine($"wrong fingerprint: {dtls}");
        Assert.Contains("DTLS failed", dtls);

        // Both failed sessions were DELETEd at the origin, which records on.
        var live = gateway.Services.GetRequiredService<LiveMediaRegistry>().Find(originId)!;
        Assert.True(await WaitAsync(() => live.ViewerCount == 0, TimeSpan.FromSeconds(10)), $"viewers: {live.ViewerCount}");
        Assert.Equal("recording", (await GatewayFactory.WaitForStateAsync(http, originId, TimeSpan.FromSeconds(5), "recording"))["state"]!.GetValue<string>());
        await http.PostAsync($"/v1/captures/{originId}/stop", null);
    }

    /// <summary>Creates a whep capture, waits for it to fail, returns its error (asserting endReason "error").</summary>
    private static async Task<string> PullAsync(GatewayFactory gateway, HttpClient http, string url, TimeSpan? timeout = null)
    {
        var capture = await gateway.CreateCaptureAsync(http, new { name = "fails", source = new { type = "whep", url }, outputs = new[] { new { type = "mp4" } } });
        var done = await GatewayFactory.WaitForStateAsync(http, capture["id"]!.GetValue<string>(), timeout ?? TimeSpan.FromSeconds(30), "failed", "completed");
        Assert.Equal(("failed", "error"), (done["state"]!.GetValue<string>(), done["endReason"]!.GetValue<string>()));
        return done["error"]!.GetValue<string>();
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(100);
        return condition();
    }
}
