using System.Globalization;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// A real gateway process recording every file output type (mp4, webm, audio/ogg) from two RTP captures: SIGTERM
/// finalizes them all; kill -9 of the gateway and its ffmpeg processes at once (a power cut: nobody writes a trailer)
/// leaves files that recovery on the next start settles so they all decode.
/// </summary>
public sealed partial class ShutdownTests(ITestOutputHelper output)
{
    private const int SendSeconds = 40;

    [Fact]
    public async Task Sigterm_finalizes_every_running_capture_and_output_type()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        var port = FreePorts.Tcp();
        List<string> ids;
        await using (var gateway = await GatewayProcess.StartAsync(data, port))
        {
            var (captureIds, senders) = await StartRecordingsAsync(gateway);
            ids = captureIds;
            await using var _ = new Disposables(senders);
            await Task.Delay(2000);
            await gateway.TerminateAsync();
            Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
        await using var restarted = await GatewayProcess.StartAsync(data, port);
        foreach (var id in ids)
        {
            var capture = await restarted.GetCaptureAsync(id);
            output.WriteLine(capture.ToJsonString());
            Assert.Equal(("completed", "stopped"), (capture["state"]!.GetValue<string>(), capture["endReason"]!.GetValue<string>()));
            foreach (var o in capture["outputs"]!.AsArray())
            {
                Assert.Equal("completed", o!["state"]!.GetValue<string>());
                await AssertDecodesAsync(new Uri(o["location"]!.GetValue<string>()).LocalPath, minimumSeconds: 3);
            }
        }
    }

    [Fact]
    public async Task Kill_9_of_the_gateway_and_its_ffmpegs_leaves_every_output_type_playable_after_recovery()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        var port = FreePorts.Tcp();
        List<string> ids;
        await using (var gateway = await GatewayProcess.StartAsync(data, port, "--Gateway:ResumeCaptures", "false"))
        {
            var (captureIds, senders) = await StartRecordingsAsync(gateway);
            ids = captureIds;
            await using var _ = new Disposables(senders);
            await Task.Delay(2000);
            // Everything at once: the recorders get no EOF to finish on, as in a power cut.
            var (_, children, _) = await ExternalProcess.RunAsync("pgrep", ["-P", gateway.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
            var pids = children.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            output.WriteLine($"killing gateway {gateway.Id} and its children {string.Join(" ", pids)}");
            var (exit, _, error) = await ExternalProcess.RunAsync("kill", ["-9", .. pids, gateway.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
            Assert.True(exit == 0, error);
            await gateway.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        await using var restarted = await GatewayProcess.StartAsync(data, port, "--Gateway:ResumeCaptures", "false");
        foreach (var id in ids)
        {
            var capture = await restarted.GetCaptureAsync(id);
            output.WriteLine(capture.ToJsonString());
            Assert.Equal(("completed", "interrupted"), (capture["state"]!.GetValue<string>(), capture["endReason"]!.GetValue<string>()));
            foreach (var o in capture["outputs"]!.AsArray())
            {
                Assert.Equal("completed", o!["state"]!.GetValue<string>());
                await AssertDecodesAsync(new Uri(o["location"]!.GetValue<string>()).LocalPath, minimumSeconds: 2);
            }
        }
    }

    /// <summary>H.264 + Opus into mp4 and audio (ogg); VP8 + Opus into webm: every file output type.</summary>
    private static async Task<(List<string> Ids, List<ExternalProcess> Senders)> StartRecordingsAsync(GatewayProcess gateway)
    {
        var h264 = await gateway.CreateCaptureAsync(new
        {
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")) },
            outputs = new[] { new { type = "mp4" }, new { type = "audio" } },
        });
        var vp8 = await gateway.CreateCaptureAsync(new
        {
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, "VP8/90000", null), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")) },
            outputs = new[] { new { type = "webm" } },
        });
        var senders = new List<ExternalProcess>
        {
            ExternalProcess.Start("ffmpeg", Light(SyncPattern.H264OpusSender(SendSeconds, Ports(h264)[0], Ports(h264)[1]))),
            ExternalProcess.Start("ffmpeg", Light(SyncPattern.Vp8OpusSender(SendSeconds, Ports(vp8)[0], Ports(vp8)[1]))),
        };
        var ids = new List<string> { h264["id"]!.GetValue<string>(), vp8["id"]!.GetValue<string>() };
        // Until both have a few seconds of video written (a loaded machine encodes VP8 slowly).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var id in ids)
        {
            while ((await gateway.GetCaptureAsync(id))["tracks"]?.AsArray().FirstOrDefault()?["framesWritten"]?.GetValue<long>() is not >= 45)
            {
                Assert.True(DateTime.UtcNow < deadline, $"capture {id} wrote too little video");
                await Task.Delay(250);
            }
        }
        return (ids, senders);
    }

    /// <summary>The sync-pattern senders at 320x240 and 15 fps: two encoders on a loaded machine must keep up.</summary>
    private static List<string> Light(List<string> arguments) =>
        arguments.Select(a => a.Replace("s=640x360:r=30", "s=320x240:r=15", StringComparison.Ordinal)
            .Replace("eq(mod(n\\,30)\\,0)", "eq(mod(n\\,15)\\,0)", StringComparison.Ordinal)).ToList();

    private async Task AssertDecodesAsync(string file, double minimumSeconds)
    {
        var probe = await MediaProbe.ProbeAsync(file, countFrames: false);
        var errors = await MediaProbe.DecodeErrorsAsync(file);
        output.WriteLine($"{Path.GetFileName(file)}: {probe.DurationSeconds:F2} s, video {probe.Video?.CodecName}, audio {probe.Audio?.CodecName}, errors [{errors}]");
        Assert.True(errors.Length == 0, $"{file}: {errors}");
        Assert.True(probe.DurationSeconds >= minimumSeconds, $"{file}: {probe.DurationSeconds} s");   // NaN (no duration written) fails too
    }

    private static int[] Ports(JsonNode capture) =>
        RtpPorts.MediaPort().Matches(capture["source"]!["answerSdp"]!.GetValue<string>())
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();

    private sealed class Disposables(List<ExternalProcess> processes) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var process in processes) await process.DisposeAsync();
        }
    }
}
