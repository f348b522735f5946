using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Gateway.Interop.Tests.Support.Chromium;
using Gateway.Worker.WebRtc;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Debian's Chromium publishes its fake camera and microphone (the flash/beep pattern) over WHIP to the gateway on
/// real Kestrel, through our ICE-lite, DTLS and SRTP: the recording must decode cleanly, last as long as the
/// publication, keep audio and video aligned, and survive packet loss through NACK and retransmission.
/// </summary>
public sealed class WhipChromiumTests(ITestOutputHelper output)
{
    private const int PublishSeconds = 11;

    private sealed record Run(JsonNode Capture, PublisherStats Stats, SenderSync? Sender, string File, string Context);

    private async Task<Run> PublishAsync(string mime, int lossPercent = 0, bool watchSender = false, string audioCodec = "aac")
    {
        using var dir = new TempDirectory();                          // removed after the gateway below has stopped
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };
        var capture = await gateway.CreateCaptureAsync(http, new { name = "chromium", source = new { type = "whip" }, outputs = new[] { new { type = "mp4", audioCodec } } });
        var id = capture["id"]!.GetValue<string>();
        var token = capture["source"]!["bearerToken"]!.GetValue<string>();
        var whipUrl = new Uri(baseUrl, capture["source"]!["whipUrl"]!.GetValue<string>());
        var port = gateway.Services.GetRequiredService<WebRtcHost>().LocalEndPoint.Port;

        await using var loss = lossPercent > 0 ? await NftLoss.StartAsync(port, lossPercent) : null;
        await using var chromium = await ChromiumPublisher.LaunchAsync();
        var published = await chromium.PublishAsync(whipUrl, token, mime);
        Assert.True(published.IsCreated, $"{published.Status} {published.Body} {published.Error}\n{chromium.Diagnostics}");
        Assert.Equal("connected", await chromium.WaitConnectedAsync(TimeSpan.FromSeconds(15)));
        if (watchSender) await chromium.WatchSenderSyncAsync();
        await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(15), "recording");
        await Task.Delay(TimeSpan.FromSeconds(PublishSeconds));
        var sender = watchSender ? await chromium.StopSenderSyncAsync() : null;
        var stats = await chromium.GetStatsAsync();
        Assert.Equal(200, await chromium.StopAsync());
        var dropped = loss is null ? 0 : await loss.DroppedAsync();

        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(30), "completed", "failed");
        var context = $"capture: {done.ToJsonString()}\nchromium: {stats}\nnft dropped: {dropped}";
        output.WriteLine(context);
        Assert.Equal(("completed", "sourceEnded"), (done["state"]!.GetValue<string>(), done["endReason"]!.GetValue<string>()));
        var file = Path.Combine(Path.GetTempPath(), $"gw-whip-{id}.mp4");
        File.Copy(new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath, file, overwrite: true);
        return new Run(done, stats, sender, file, context);
    }

    [Theory]
    [InlineData("video/VP8", "VP8", "aac")]
    [InlineData("video/H264", "H264", "aac")]
    [InlineData("video/H264", "H264", "opus")]       // both copied: written by the gateway itself, no ffmpeg
    public async Task Chromium_publishes_camera_and_microphone_into_a_clean_aligned_mp4(string mime, string codec, string audioCodec)
    {
        // What is asserted is the gateway's error: the file's A/V offset minus the one the sender itself had. Chromium's
        // fake camera and microphone read their files on separate timers, and on a starved machine the microphone
        // skips callbacks, so its beeps drift behind the flashes before anything is sent (CI, 2026-12-03: audio 400 ms
        // short over 11 s, the file's offset growing from +17 to +122 ms over the run, three publications alike). The
        // page measures that skew where the devices hand the frames over. A second publication is allowed because the
        // page's own timing is noisy under load; a gateway error would repeat.
        for (var attempt = 1; ; attempt++)
        {
            var (file, sender) = await PublishAndCheckAsync(mime, codec, audioCodec);
            var error = file - sender;
            if (attempt == 2 || error is >= -MaxAvError and <= MaxAvError)
            {
                Assert.InRange(error, -MaxAvError, MaxAvError);
                return;
            }
            output.WriteLine($"attempt {attempt}: file {file:+0.0;-0.0} ms against the sender's {sender:+0.0;-0.0} ms is outside ±{MaxAvError} ms; publishing again");
        }
    }

    /// <summary>
    /// Largest difference between the recording's A/V offset and the sender's: half of what ITU-R BT.1359 finds
    /// detectable (audio 45 ms early). On a quiet machine it measured +16 to +27 ms, about the AAC encoder's priming
    /// (1 024 samples, 21 ms).
    /// </summary>
    private const double MaxAvError = 40;

    /// <summary>One publication, every check but the A/V bound; returns the median A/V offsets (ms) of the file and of
    /// the sender.</summary>
    private async Task<(double File, double Sender)> PublishAndCheckAsync(string mime, string codec, string audioCodec)
    {
        var run = await PublishAsync(mime, watchSender: true, audioCodec: audioCodec);
        try
        {
            Assert.Equal(mime, run.Stats.Video?.MimeType);
            var tracks = run.Capture["tracks"]!.AsArray();
            Assert.Equal(codec, tracks.Single(t => t!["kind"]!.GetValue<string>() == "video")!["codec"]!.GetValue<string>());
            var probe = await MediaProbe.ProbeAsync(run.File);
            Assert.Equal("h264", probe.Video?.CodecName);
            Assert.Equal(audioCodec, probe.Audio?.CodecName);
            Assert.InRange(probe.DurationSeconds, PublishSeconds - 2, PublishSeconds + 3);
            var errors = await MediaProbe.DecodeErrorsAsync(run.File);
            Assert.True(errors.Length == 0, $"decode errors: {errors}\n{run.Context}");
            // Medians: Chromium loops its fake camera and microphone files independently, so after the loop point
            // (10 s) the pattern itself shifts by a frame or so at the sender.
            var offsets = await MediaProbe.AvOffsetsAsync(run.File);
            var sent = run.Sender!.Offsets;
            output.WriteLine($"{codec}/{audioCodec}: duration {probe.DurationSeconds:F2} s, video frames {probe.Video?.Frames}, A/V offset (median) " +
                $"{Median(offsets):+0.0;-0.0} ms over {offsets.Count} flash/beep pairs [{List(offsets)}]; " +
                $"at the sender {Median(sent):+0.0;-0.0} ms over {sent.Count} [{List(sent)}]; by media time {Median(run.Sender.MediaOffsets):+0.0;-0.0} [{List(run.Sender.MediaOffsets)}]");
            Assert.True(offsets.Count >= 5, $"only {offsets.Count} flash/beep pairs found\n{run.Context}");
            Assert.True(sent.Count >= 5, $"only {sent.Count} flash/beep pairs seen at the sender\n{run.Context}");
            return (Median(offsets), Median(sent));
        }
        finally
        {
            File.Delete(run.File);
        }
    }

    private static double Median(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);

    private static string List(IEnumerable<double> values) =>
        string.Join(' ', values.Select(o => o.ToString("+0;-0;0", System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task With_3_percent_loss_nacks_bring_back_what_was_lost_and_the_file_decodes()
    {
        var run = await PublishAsync("video/VP8", lossPercent: 3);
        try
        {
            var video = run.Capture["tracks"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "video")!;
            var nacks = video["nacksSent"]!.GetValue<long>();
            var written = video["framesWritten"]!.GetValue<long>();
            var sent = run.Stats.Video!.FramesSent ?? run.Stats.Video.FramesEncoded ?? 0;
            output.WriteLine($"nacksSent {nacks}, browser NACKs {run.Stats.Video.NackCount}, retransmitted {run.Stats.Video.RetransmittedPacketsSent}, " +
                $"pli {video["pliSent"]}, frames written {written} of {sent} sent ({100.0 * written / Math.Max(1, sent):F1} %)");
            Assert.True(nacks > 0, run.Context);
            Assert.True(run.Stats.Video.NackCount > 0, run.Context);
            Assert.True(run.Stats.Video.RetransmittedPacketsSent > 0, run.Context);
            var errors = await MediaProbe.DecodeErrorsAsync(run.File);
            Assert.True(errors.Length == 0, $"decode errors: {errors}\n{run.Context}");
            Assert.True(written >= 0.9 * sent, $"{written} of {sent} frames written\n{run.Context}");
        }
        finally
        {
            File.Delete(run.File);
        }
    }
}
