using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Issue 7 item 1: an rtmp output pushes the capture to nginx-rtmp (which records what it receives as FLV) from its
/// own ffmpeg, beside the recording: H.264 copied, VP8 transcoded, AAC audio; a server restart is survived.
/// </summary>
public sealed class RtmpRestreamTests(ITestOutputHelper output)
{
    private const string StreamKey = "s3cr3t-key-4711";

    [Fact]
    public async Task H264_and_opus_are_restreamed_as_h264_and_aac_beside_the_mp4()
    {
        var (done, nginx, dir) = await RunAsync("h264", "H264/90000", "packetization-mode=1", "mp4", SyncPattern.H264OpusSender, seconds: 10);
        using var __ = dir;
        await using var _ = nginx;
        var flv = Assert.Single(nginx.Recordings);
        await AssertFlvAsync(flv, 10, tolerance: 2);
        await AssertRecordingAsync(done, 10, "h264");
    }

    [Fact]
    public async Task VP8_and_opus_are_transcoded_to_h264_and_aac()
    {
        var (done, nginx, dir) = await RunAsync("vp8", "VP8/90000", null, "webm", SyncPattern.Vp8OpusSender, seconds: 10);
        using var __ = dir;
        await using var _ = nginx;
        var flv = Assert.Single(nginx.Recordings);
        await AssertFlvAsync(flv, 10, tolerance: 2);
        await AssertRecordingAsync(done, 10, "vp8");
    }

    [Fact]
    public async Task A_restarted_server_gets_the_stream_again_and_the_recording_is_untouched()
    {
        const int Seconds = 24;
        var (done, nginx, dir) = await RunAsync("h264", "H264/90000", "packetization-mode=1", "mp4", SyncPattern.H264OpusSender, Seconds,
            async (http, id, server) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(6));
                await server.StopAsync();
                var down = await WaitForAsync(http, id, c => c["outputs"]![1]!["state"]!.GetValue<string>() == "reconnecting", TimeSpan.FromSeconds(20));
                output.WriteLine("server down: " + down["outputs"]![1]!.ToJsonString());
                Assert.DoesNotContain(StreamKey, down.ToJsonString(), StringComparison.Ordinal);
                await Task.Delay(TimeSpan.FromSeconds(3));
                var restartedAt = DateTime.UtcNow;
                await server.StartAsync();
                await WaitForAsync(http, id, c => server.Recordings.Count == 2 && c["outputs"]![1]!["state"]!.GetValue<string>() == "writing",
                    TimeSpan.FromSeconds(40));
                output.WriteLine($"stream resumed {(DateTime.UtcNow - restartedAt).TotalSeconds:F1} s after the server came back");
            });
        using var __ = dir;
        await using var _ = nginx;
        Assert.Equal(2, nginx.Recordings.Count);
        var restream = done["outputs"]![1]!;
        Assert.True(restream["restarts"]!.GetValue<int>() >= 1);
        double total = 0;
        foreach (var flv in nginx.Recordings) total += await AssertFlvAsync(flv, null, 0);
        output.WriteLine($"FLV total {total:F2} s of {Seconds} s sent");
        Assert.InRange(total, 8, Seconds);                      // the outage (≥ 3 s plus the reconnect backoff) is missing
        var mp4 = await AssertRecordingAsync(done, Seconds, "h264");
        Assert.Equal(0, mp4["restarts"]!.GetValue<int>());       // the recording's ffmpeg never noticed
        Assert.Single(mp4["segments"]!.AsArray());
    }

    private async Task<(JsonNode Done, NginxRtmpServer Nginx, TempDirectory Dir)> RunAsync(string name, string rtpmap, string? fmtp, string file,
        Func<int, int, int, List<string>> sender, int seconds, Func<HttpClient, string, NginxRtmpServer, Task>? during = null)
    {
        var dir = new TempDirectory();
        var nginx = await NginxRtmpServer.StartAsync(Path.Combine(dir.Path, "nginx"));
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            name = "rtmp-" + name,
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, rtpmap, fmtp), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")) },
            outputs = new object[] { new { type = file }, new { type = "rtmp", url = nginx.Url(StreamKey) } },
        });
        var id = capture["id"]!.GetValue<string>();
        Assert.DoesNotContain(StreamKey, capture.ToJsonString(), StringComparison.Ordinal);
        var (video, audio) = RtpPorts.Of(capture);
        await using (var send = ExternalProcess.Start("ffmpeg", sender(seconds, video, audio)))
        {
            if (during is not null)
            {
                await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(20), "recording");
                await during(http, id, nginx);
            }
            Assert.Equal(0, await send.WaitForExitAsync(TimeSpan.FromSeconds(seconds + 60)));
        }
        await Task.Delay(500);
        (await http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(60), "completed", "failed");
        output.WriteLine(done["outputs"]!.ToJsonString());
        var text = done.ToJsonString();
        Assert.DoesNotContain(StreamKey, text, StringComparison.Ordinal);
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        var restream = done["outputs"]![1]!;
        Assert.Equal("completed", restream["state"]!.GetValue<string>());
        Assert.Equal($"rtmp://127.0.0.1:{nginx.Port}/live/*****", restream["location"]!.GetValue<string>());
        await Task.Delay(500);                                   // nginx closes the FLV once the publisher is gone
        return (done, nginx, dir);
    }

    /// <returns>The FLV's duration.</returns>
    private async Task<double> AssertFlvAsync(string flv, int? sent, double tolerance)
    {
        var probe = await MediaProbe.ProbeAsync(flv);
        output.WriteLine($"{Path.GetFileName(flv)}: {probe.DurationSeconds:F2} s, {probe.Video?.CodecName} {probe.Video?.Frames} frames, {probe.Audio?.CodecName}");
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal("aac", probe.Audio?.CodecName);
        if (sent is { } seconds) Assert.InRange(probe.DurationSeconds, seconds - tolerance, seconds + tolerance);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(flv));
        return probe.DurationSeconds;
    }

    private async Task<JsonNode> AssertRecordingAsync(JsonNode done, int seconds, string videoCodec)
    {
        var recording = done["outputs"]![0]!;
        Assert.Equal("completed", recording["state"]!.GetValue<string>());
        var path = new Uri(recording["location"]!.GetValue<string>()).LocalPath;
        var probe = await MediaProbe.ProbeAsync(path);
        output.WriteLine($"{Path.GetFileName(path)}: {probe.DurationSeconds:F2} s, {probe.Video?.Frames} video frames");
        Assert.Equal(videoCodec, probe.Video?.CodecName);
        Assert.InRange(probe.DurationSeconds, seconds - 1.5, seconds + 1.5);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(path));
        return recording;
    }

    private static async Task<JsonNode> WaitForAsync(HttpClient http, string id, Func<JsonNode, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonNode capture;
        do
        {
            capture = JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{id}"))!;
            if (condition(capture)) return capture;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"capture {id}: condition not met after {timeout}: {capture}");
    }
}
