using System.Globalization;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// The acceptance chaos run: 5 RTP recordings from 5 ffmpeg senders while the gateway process is killed with -9 at
/// random moments 5 times and restarted each time. Every capture resumes on its ports after each restart; at the end
/// its files all decode and together cover ≥ 95 % of the time that was sent.
/// </summary>
public sealed partial class ChaosTests(ITestOutputHelper output)
{
    // 150 s of media: each restart costs the process start (~1–3 s on a loaded machine) plus up to one GOP (0.5 s),
    // so 5 of them stay well inside the 5 % (7.5 s) the acceptance allows only if resuming is quick; long enough to
    // mean something, short enough for CI (~3 min).
    private const int Seconds = 150;
    private const int Captures = 5;
    private const int Kills = 5;

    [Fact]
    public async Task Five_kill_9s_during_five_recordings_leave_playable_files_covering_95_percent_of_the_sent_time()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        var port = FreePorts.Tcp();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        // Kill moments: spread over the run, at least 8 s apart, none in the last 15 s (the senders still send then).
        var moments = new List<double>();
        while (moments.Count < Kills)
        {
            var at = 8 + random.NextDouble() * (Seconds - 25);
            if (moments.All(m => Math.Abs(m - at) >= 8)) moments.Add(at);
        }
        moments.Sort();
        output.WriteLine($"seed {seed}; kills at {string.Join(", ", moments.Select(m => m.ToString("F1", CultureInfo.InvariantCulture)))} s");

        var gateway = await GatewayProcess.StartAsync(data, port);
        var senders = new List<ExternalProcess>();
        try
        {
            var ids = new List<string>();
            for (var i = 0; i < Captures; i++)
            {
                var capture = await gateway.CreateCaptureAsync(new
                {
                    name = $"chaos-{i}",
                    source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")) },
                    outputs = new[] { new { type = "mp4" } },
                });
                ids.Add(capture["id"]!.GetValue<string>());
                var ports = RtpPorts.MediaPort().Matches(capture["source"]!["answerSdp"]!.GetValue<string>()).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
                senders.Add(ExternalProcess.Start("ffmpeg", Sender(ports[0], ports[1])));
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            foreach (var moment in moments)
            {
                var wait = TimeSpan.FromSeconds(moment) - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                await gateway.KillAsync();
                await gateway.WaitForExitAsync(TimeSpan.FromSeconds(10));
                await gateway.DisposeAsync();
                var killedAt = clock.Elapsed;
                gateway = await GatewayProcess.StartAsync(data, port);
                output.WriteLine($"killed at {killedAt.TotalSeconds:F1} s, healthy again after {(clock.Elapsed - killedAt).TotalSeconds:F1} s");
            }
            foreach (var sender in senders) await sender.WaitForExitAsync(TimeSpan.FromSeconds(Seconds + 120));
            foreach (var id in ids) await gateway.Http.PostAsync($"/v1/captures/{id}/stop", null);

            var coverages = new List<double>();
            foreach (var id in ids)
            {
                var done = await GatewayFactory.WaitForStateAsync(gateway.Http, id, TimeSpan.FromSeconds(60), "completed", "failed");
                var files = Files(done);
                var resumptions = done["resumptions"]?.AsArray() ?? [];
                var total = 0.0;
                output.WriteLine(done.ToJsonString());
                foreach (var file in files)
                {
                    var probe = await MediaProbe.ProbeAsync(file, countFrames: false);
                    var errors = await MediaProbe.DecodeErrorsAsync(file);
                    Assert.True(errors.Length == 0, $"{file}: {errors}");
                    total += probe.DurationSeconds;
                }
                var gaps = string.Join(", ", resumptions.Select(r => r!["gapSeconds"]!.GetValue<double>().ToString("F1", CultureInfo.InvariantCulture)));
                output.WriteLine($"{id}: {done["state"]} {done["endReason"]}, {files.Count} files, {total:F1} s of {Seconds} s ({100 * total / Seconds:F1} %), gaps [{gaps}] s");
                Assert.Equal("completed", done["state"]!.GetValue<string>());
                Assert.Equal(Kills, resumptions.Count);
                Assert.All(resumptions, r => Assert.True(r!["gapSeconds"]!.GetValue<double>() > 0));
                coverages.Add(total / Seconds);
            }
            Assert.All(coverages, c => Assert.True(c >= 0.95, $"coverage {c:P1}"));
        }
        finally
        {
            foreach (var sender in senders) await sender.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }

    /// <summary>
    /// Every file of a capture: the first output's, then each resumed part's, in order. A part the gateway was killed
    /// in before it wrote any media is skipped (with the reason); nothing may be left pending or writing, and every
    /// completed output's file must exist.
    /// </summary>
    private static List<string> Files(JsonNode capture)
    {
        var outputs = new List<JsonNode> { capture["outputs"]![0]! };
        foreach (var resumption in capture["resumptions"]?.AsArray() ?? [])
            outputs.AddRange(resumption!["outputs"]!.AsArray().Select(o => o!));
        foreach (var output in outputs)
        {
            var state = output["state"]!.GetValue<string>();
            Assert.True(state is "completed" or "skipped", $"an output ended {state}: {output.ToJsonString()}");
            if (state == "skipped") Assert.False(string.IsNullOrEmpty(output["error"]?.GetValue<string>()), "a skipped part says why");
        }
        var files = outputs.Where(o => o["state"]!.GetValue<string>() == "completed").Select(o => new Uri(o["location"]!.GetValue<string>()).LocalPath).ToList();
        Assert.All(files, f => Assert.True(File.Exists(f), $"{f} is listed as completed but is not there"));
        return files;
    }

    /// <summary>Light on CPU (five of them run at once): 320x240 at 15 fps, a key frame every 0.5 s.</summary>
    private static List<string> Sender(int videoPort, int audioPort) =>
    [
        "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", SyncPattern.Video(Seconds, 15).Replace("640x360", "320x240", StringComparison.Ordinal), "-f", "lavfi", "-i", SyncPattern.Audio(Seconds),
        "-map", "0:v", "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-preset", "ultrafast", "-tune", "zerolatency",
        "-bf", "0", "-g", "8", "-keyint_min", "8", "-x264-params", "repeat-headers=1", "-b:v", "300k",
        "-payload_type", "96", "-ssrc", "1111", "-f", "rtp", $"rtp://127.0.0.1:{videoPort}?pkt_size=1200",
        "-map", "1:a", "-c:a", "libopus", "-ar", "48000", "-ac", "2", "-b:a", "32k",
        "-payload_type", "111", "-ssrc", "2222", "-f", "rtp", $"rtp://127.0.0.1:{audioPort}",
    ];
}
