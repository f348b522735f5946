using System.Globalization;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Plain RTP capture end to end (issue "Plain RTP capture"): Debian's ffmpeg sends the flash/beep pattern through an
/// impairment relay into a capture made over the HTTP API; the recording is checked with ffprobe/ffmpeg.
/// </summary>
public sealed partial class RtpCaptureTests(ITestOutputHelper output)
{
    private const int Seconds = 10;
    private const int Fps = 30;

    private static readonly Impairment Network = new()
    {
        Loss = 0.02, Duplication = 0.01, ReorderShare = 0.1, ReorderWindow = TimeSpan.FromMilliseconds(40),
        Jitter = TimeSpan.FromMilliseconds(20),
    };

    [Fact]
    public Task H264_and_opus_through_an_impaired_network_become_an_aligned_mp4() =>
        RunImpairedAsync(new Scenario("h264", "H264/90000", "packetization-mode=1", "mp4", "h264", ["aac", "opus"],
            SyncPattern.H264OpusSender));

    [Fact]
    public Task VP8_and_opus_through_an_impaired_network_become_an_aligned_webm() =>
        RunImpairedAsync(new Scenario("vp8", "VP8/90000", null, "webm", "vp8", ["opus"], SyncPattern.Vp8OpusSender));

    internal sealed record Scenario(string Name, string VideoRtpMap, string? VideoFmtp, string Output, string VideoCodec,
        string[] AudioCodecs, Func<int, int, int, List<string>> Sender);

    private async Task RunImpairedAsync(Scenario scenario)
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            name = "e2e-" + scenario.Name,
            source = new
            {
                type = "rtp",
                sdp = SyncPattern.Sdp(("video", 0, 96, scenario.VideoRtpMap, scenario.VideoFmtp), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")),
            },
            outputs = new[] { new { type = scenario.Output } },
        });
        var id = capture["id"]!.GetValue<string>();
        var (gatewayVideo, gatewayAudio) = Ports(capture);

        var (reference, referenceFile) = await StartReferenceReceiverAsync(dir, "video", scenario.VideoRtpMap, scenario.VideoFmtp);
        await using var _ = reference;
        var (video, audio) = (FreePorts.UdpPair(), FreePorts.UdpPair());
        var audioDelay = Network with { Delay = TimeSpan.FromMilliseconds(300) };
        await using var relays = new RelaySet(
            new ImpairmentRelay(video, gatewayVideo, Network, seed: 1, mirrorPort: reference.VideoPort),
            new ImpairmentRelay(video + 1, gatewayVideo + 1, Impairment.None, seed: 2, mirrorPort: reference.VideoPort + 1),
            new ImpairmentRelay(audio, gatewayAudio, audioDelay, seed: 3, mirrorPort: reference.AudioPort),
            new ImpairmentRelay(audio + 1, gatewayAudio + 1, Impairment.None with { Delay = TimeSpan.FromMilliseconds(300) }, seed: 4,
                mirrorPort: reference.AudioPort + 1));

        await using (var sender = ExternalProcess.Start("ffmpeg", scenario.Sender(Seconds, video, audio)))
            Assert.Equal(0, await sender.WaitForExitAsync(TimeSpan.FromSeconds(Seconds + 20)));
        await Task.Delay(1000);                                 // the delayed audio tail drains through the relay
        output.WriteLine($"relays: {relays}");

        (await http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(30), "completed", "failed");
        output.WriteLine(done.ToJsonString());
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        var file = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;

        var probe = await MediaProbe.ProbeAsync(file);
        Assert.Equal(scenario.VideoCodec, probe.Video?.CodecName);
        Assert.Contains(probe.Audio?.CodecName, scenario.AudioCodecs);
        Assert.InRange(probe.DurationSeconds, Seconds - 1.5, Seconds + 1.5);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(file));
        Assert.True(probe.Video!.Frames >= 0.7 * Seconds * Fps, $"{probe.Video.Frames} of {Seconds * Fps} frames");

        var referenceOffset = await StopReferenceAndMeasureAsync(reference, referenceFile, dir, scenario.VideoCodec == "h264");
        var (offset, pairs) = await MediaProbe.AvOffsetAsync(file);
        output.WriteLine($"A/V offset: gateway {offset:F1} ms over {pairs} pairs, ffmpeg reference {referenceOffset:F1} ms; " +
                         $"{probe.Video.Frames} of {Seconds * Fps} frames, {probe.DurationSeconds:F2} s");
        Assert.True(pairs >= Seconds - 3, $"only {pairs} flash/beep pairs");
        Assert.InRange(offset - referenceOffset, -40, 40);      // the relay's 300 ms on audio must not show
    }

    private static (int Video, int Audio) Ports(JsonNode capture)
    {
        var ports = RtpPorts.MediaPort().Matches(capture["source"]!["answerSdp"]!.GetValue<string>())
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, ports.Length);
        return (ports[0], ports[1]);
    }

    internal sealed record ReferenceReceiver(ExternalProcess Process, int VideoPort, int AudioPort) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }

    /// <summary>ffmpeg receiving an unimpaired copy of the same packets: the baseline the sender's own skew is read from.</summary>
    private static async Task<(ReferenceReceiver Receiver, string File)> StartReferenceReceiverAsync(TempDirectory dir, string media, string rtpmap, string? fmtp)
    {
        var (video, audio) = (FreePorts.UdpPair(), FreePorts.UdpPair());
        var sdp = dir.File("reference.sdp");
        await File.WriteAllTextAsync(sdp, SyncPattern.Sdp((media, video, 96, rtpmap, fmtp), ("audio", audio, 111, "opus/48000/2", "sprop-stereo=1")));
        var file = dir.File("reference.mkv");
        var process = ExternalProcess.Start("ffmpeg", ["-nostdin", "-loglevel", "warning", "-protocol_whitelist", "file,udp,rtp", "-i", sdp,
            "-c", "copy", "-y", file]);
        await Task.Delay(500);
        return (new ReferenceReceiver(process, video, audio), file);
    }

    private static async Task<double> StopReferenceAndMeasureAsync(ReferenceReceiver reference, string file, TempDirectory dir, bool h264)
    {
        reference.Process.SendInput("q");
        await reference.Process.WaitForExitAsync(TimeSpan.FromSeconds(20));
        if (!h264)
        {
            var (mkvOffset, mkvPairs) = await MediaProbe.AvOffsetAsync(file);
            Assert.True(mkvPairs >= Seconds - 3, $"reference has only {mkvPairs} pairs");
            return mkvOffset;
        }
        var remuxed = dir.File("reference.mp4");                 // peers.md: measure the MP4 remux, MKV has 1 ms timestamps
        var (exit, _, stderr) = await ExternalProcess.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-i", file, "-c", "copy", "-y", remuxed],
            TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, stderr);
        var (offset, pairs) = await MediaProbe.AvOffsetAsync(remuxed);
        Assert.True(pairs >= Seconds - 3, $"reference has only {pairs} pairs");
        return offset;
    }
}

internal sealed class RelaySet(params ImpairmentRelay[] relays) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        foreach (var relay in relays) await relay.DisposeAsync();
    }

    public override string ToString() => string.Join(", ", relays.Select(r => $"rx {r.Received} drop {r.Dropped} dup {r.Duplicated} fwd {r.Forwarded}"));
}
