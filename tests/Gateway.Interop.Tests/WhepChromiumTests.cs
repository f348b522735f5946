using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gateway.Interop.Tests.Support;
using Gateway.Interop.Tests.Support.Chromium;
using Gateway.Worker.Viewers;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Issue 8 item 4, the server half: the gateway serves a live RTP capture (ffmpeg H.264 + Opus) over WHEP and Debian's
/// Chromium plays it — two viewers at once, one leaving with DELETE, one just vanishing — while the recording goes on
/// undisturbed and decodes cleanly. Also the endpoint's refusals (401, 404, 406, 409, 415) as problem details.
/// </summary>
public sealed class WhepChromiumTests(ITestOutputHelper output)
{
    private const string Key = "whep-test-key-0123456789abcdef01";
    private const int SenderSeconds = 60;

    [Fact]
    public async Task Chromium_plays_the_whep_output_of_an_rtp_capture_and_viewers_leaving_never_disturb_the_recording()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"), new Dictionary<string, string?>
        {
            ["Gateway:ApiKeys:0"] = Key,
            // Chromium checks consent every 2.5 s on a stable pair; 10 s still spots a vanished viewer within the test.
            ["Gateway:WebRtc:ConsentTimeout"] = "00:00:10",
        });
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            name = "whep-source",
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")) },
            outputs = new[] { new { type = "mp4" } },
        });
        var id = capture["id"]!.GetValue<string>();
        var (videoPort, audioPort) = RtpPorts.Of(capture);
        await using var sender = ExternalProcess.Start("ffmpeg", SyncPattern.H264OpusSender(SenderSeconds, videoPort, audioPort));
        await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(30), "recording");
        var recording = Stopwatch.StartNew();
        var whepUrl = new Uri(baseUrl, $"/whep/{id}");

        await AssertRefusalsAsync(gateway, baseUrl, http, id);

        await using var chromium = await ChromiumViewer.LaunchAsync();
        var first = await chromium.WatchAsync(whepUrl, Key);
        var second = await chromium.WatchAsync(whepUrl, Key);
        Assert.True(first.Status == 201 && second.Status == 201, $"{first}\n{second}\n{chromium.Diagnostics}");
        Assert.Contains("a=sendonly", first.Answer);
        Assert.Equal("connected", await chromium.WaitConnectedAsync(0, TimeSpan.FromSeconds(30)));
        Assert.Equal("connected", await chromium.WaitConnectedAsync(1, TimeSpan.FromSeconds(30)));
        var live = gateway.Services.GetRequiredService<LiveMediaRegistry>().Find(id)!;
        Assert.Equal(2, live.ViewerCount);

        // The sender's GOP is 15 frames (0.6 s) and plain RTP cannot be asked for a key frame: the first decoded frame
        // comes with the next key frame. Measured, not asserted tightly: generous for a loaded machine.
        var connected = Stopwatch.StartNew();
        var firstFrame = await WaitAsync(async () => (await chromium.ProgressAsync(0)).FramesDecoded > 0, TimeSpan.FromSeconds(20));
        Assert.True(firstFrame, $"no frame decoded in 20 s: {await chromium.ProgressAsync(0)}\n{chromium.Diagnostics}");
        Assert.True(await WaitAsync(async () => (await chromium.ProgressAsync(1)).FramesDecoded > 0, TimeSpan.FromSeconds(20)),
            $"second viewer decoded nothing in 20 s: {await chromium.ProgressAsync(1)}\n{chromium.Diagnostics}");
        output.WriteLine($"first frame decoded {connected.ElapsedMilliseconds} ms after both viewers connected");

        var before = new[] { await chromium.ProgressAsync(0), await chromium.ProgressAsync(1) };
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(6));
        var after = new[] { await chromium.ProgressAsync(0), await chromium.ProgressAsync(1) };
        var seconds = wall.Elapsed.TotalSeconds;
        for (var i = 0; i < 2; i++)
        {
            output.WriteLine($"viewer {i}: {before[i]} -> {after[i]} over {seconds:F1} s");
            // The <video> plays in real time: its clock advances with the wall clock (a stall would stop it).
            Assert.InRange(after[i].CurrentTime - before[i].CurrentTime, seconds * 0.6, seconds * 1.4);
            Assert.True(after[i].FramesDecoded > before[i].FramesDecoded, $"viewer {i} decoded no new frame\n{chromium.Diagnostics}");
            Assert.True(after[i].AudioSamples > before[i].AudioSamples, $"viewer {i} got no new audio\n{chromium.Diagnostics}");
            Assert.Equal("video/H264", after[i].VideoCodec);
            Assert.Equal("audio/opus", after[i].AudioCodec);
            Assert.True(after[i].VideoWidth > 0);
        }

        // One viewer says goodbye (DELETE), the other just disappears: both are gone from the gateway, not the recording.
        Assert.Equal(200, await chromium.LeaveAsync(0, sendDelete: true));
        Assert.Null(await chromium.LeaveAsync(1, sendDelete: false));
        var gone = Stopwatch.StartNew();
        Assert.True(await WaitAsync(() => Task.FromResult(live.ViewerCount == 0), TimeSpan.FromSeconds(30)), $"viewers left: {live.ViewerCount}");
        output.WriteLine($"both viewers removed {gone.ElapsedMilliseconds} ms after leaving (consent timeout 10 s)");
        var state = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(5), "recording");
        Assert.Equal("recording", state["state"]!.GetValue<string>());

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/v1/captures/{id}/stop", null)).StatusCode);
        var recorded = recording.Elapsed.TotalSeconds;
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(60), "completed", "failed");
        output.WriteLine(done.ToJsonString());
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        // After the capture ends, its WHEP endpoint is gone.
        Assert.Equal(HttpStatusCode.NotFound, (await PostOfferAsync(http, id, "v=0\r\n")).StatusCode);

        var file = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;
        var probe = await MediaProbe.ProbeAsync(file);
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.NotNull(probe.Audio);
        // Nothing was lost while viewers came and went: every packet arrived, no frame was dropped, and the file is at
        // least as long as the time it recorded (ffmpeg's -re start burst makes RTP time run up to ~2 s ahead of it).
        foreach (var track in done["tracks"]!.AsArray())
        {
            Assert.Equal(0, track!["packetsLost"]!.GetValue<long>());
            Assert.Equal(0, track["framesDropped"]!.GetValue<long>());
        }
        Assert.InRange(probe.DurationSeconds, recorded - 3, recorded + 3);
        var errors = await MediaProbe.DecodeErrorsAsync(file);
        Assert.True(errors.Length == 0, $"decode errors: {errors}");
        output.WriteLine($"recorded {recorded:F1} s, file {probe.DurationSeconds:F2} s, video frames {probe.Video?.Frames}");
    }

    [Fact]
    public async Task A_whip_publishers_stream_reaches_a_whep_viewer_which_gets_a_key_frame_by_pli()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };
        var capture = await gateway.CreateCaptureAsync(http, new { name = "whip-to-whep", source = new { type = "whip" }, outputs = new[] { new { type = "mp4" } } });
        var id = capture["id"]!.GetValue<string>();
        var token = capture["source"]!["bearerToken"]!.GetValue<string>();

        await using var publisher = await ChromiumPublisher.LaunchAsync();
        var published = await publisher.PublishAsync(new Uri(baseUrl, $"/whip/{id}"), token, "video/VP8");
        Assert.True(published.IsCreated, $"{published.Status} {published.Body} {published.Error}\n{publisher.Diagnostics}");
        Assert.Equal("connected", await publisher.WaitConnectedAsync(TimeSpan.FromSeconds(30)));
        await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(30), "recording");
        // Let the publisher's first key frame pass: the viewer joins mid-GOP and must ask for one.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var pliBefore = VideoPli(await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(5), "recording"));

        await using var viewer = await ChromiumViewer.LaunchAsync();
        var watching = await viewer.WatchAsync(new Uri(baseUrl, $"/whep/{id}"), token);   // the capture's WHIP token admits viewers too
        Assert.True(watching.Status == 201, $"{watching}\n{viewer.Diagnostics}");
        Assert.Equal("connected", await viewer.WaitConnectedAsync(0, TimeSpan.FromSeconds(30)));
        var joined = Stopwatch.StartNew();
        Assert.True(await WaitAsync(async () => (await viewer.ProgressAsync(0)).FramesDecoded > 0, TimeSpan.FromSeconds(20)),
            $"no frame decoded: {await viewer.ProgressAsync(0)}\n{viewer.Diagnostics}");
        output.WriteLine($"first frame decoded {joined.ElapsedMilliseconds} ms after the viewer connected");
        var before = await viewer.ProgressAsync(0);
        await Task.Delay(TimeSpan.FromSeconds(4));
        var after = await viewer.ProgressAsync(0);
        output.WriteLine($"{before} -> {after}");
        Assert.True(after.CurrentTime > before.CurrentTime + 2, $"{before} -> {after}");
        Assert.True(after.FramesDecoded > before.FramesDecoded);
        Assert.Equal("video/VP8", after.VideoCodec);
        var pliAfter = VideoPli(await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(5), "recording"));
        output.WriteLine($"PLIs to the publisher: {pliBefore} before the viewer, {pliAfter} after");
        Assert.True(pliAfter > pliBefore, "the new viewer's key frame request did not reach the publisher");

        Assert.Equal(200, await publisher.StopAsync());
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(30), "completed", "failed");
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        var errors = await MediaProbe.DecodeErrorsAsync(new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath);
        Assert.True(errors.Length == 0, $"decode errors: {errors}");
    }

    private static long VideoPli(System.Text.Json.Nodes.JsonNode capture) =>
        capture["tracks"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "video")!["pliSent"]!.GetValue<long>();

    private async Task AssertRefusalsAsync(GatewayFactory gateway, Uri baseUrl, HttpClient http, string id)
    {
        using (var anonymous = new HttpClient { BaseAddress = baseUrl })
        {
            var response = await PostOfferAsync(anonymous, id, ChromeLikeOffer("VP8"));
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
        await AssertProblemAsync(await PostOfferAsync(http, "c_unknown", ChromeLikeOffer("H264")), HttpStatusCode.NotFound);
        // The capture is H.264: a viewer that only takes VP8 cannot be served (no transcoding).
        var notAcceptable = await PostOfferAsync(http, id, ChromeLikeOffer("VP8"));
        await AssertProblemAsync(notAcceptable, HttpStatusCode.NotAcceptable);
        output.WriteLine($"406: {await notAcceptable.Content.ReadAsStringAsync()}");
        using var wrongType = new StringContent(ChromeLikeOffer("H264"), Encoding.UTF8, "text/plain");
        await AssertProblemAsync(await http.PostAsync($"/whep/{id}", wrongType), HttpStatusCode.UnsupportedMediaType);

        // A WHIP capture before its publisher has no tracks to send yet.
        var whip = (await gateway.CreateCaptureAsync(http, new { name = "no-publisher", source = new { type = "whip" }, outputs = new[] { new { type = "mp4" } } }))["id"]!.GetValue<string>();
        await AssertProblemAsync(await PostOfferAsync(http, whip, ChromeLikeOffer("H264")), HttpStatusCode.Conflict);
        await http.PostAsync($"/v1/captures/{whip}/stop", null);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static Task<HttpResponseMessage> PostOfferAsync(HttpClient http, string id, string sdp) =>
        http.PostAsync($"/whep/{id}", new StringContent(sdp, Encoding.UTF8, "application/sdp"));

    /// <summary>A recvonly video offer as a browser makes it, with one codec.</summary>
    private static string ChromeLikeOffer(string codec) => string.Join("\r\n",
        "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
        "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=mid:0", "a=ice-ufrag:Ab12", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
        "a=fingerprint:sha-256 " + string.Join(':', Enumerable.Range(0, 32).Select(i => i.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))),
        "a=setup:actpass", "a=recvonly", "a=rtcp-mux",
        codec == "H264" ? "a=rtpmap:96 H264/90000" : "a=rtpmap:96 VP8/90000",
        codec == "H264" ? "a=fmtp:96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f" : "a=rtcp-fb:96 nack pli",
        "");

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(200);
        }
        return await condition();
    }
}
