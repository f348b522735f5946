using System.Globalization;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// kill -9 and restart with Gateway:ResumeCaptures on (the default): a running rtp capture resumes on the same ports
/// into recording.part2.mp4 with the gap listed; a WHIP capture and an rtp capture whose maxDuration passed while the
/// gateway was down end interrupted.
/// </summary>
public sealed partial class ResumeTests(ITestOutputHelper output)
{
    private static readonly string Sdp =
        SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1"));

    [Fact]
    public async Task An_rtp_capture_resumes_on_its_ports_into_a_second_part_while_whip_and_expired_ones_end_interrupted()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        var port = FreePorts.Tcp();
        var gateway = await GatewayProcess.StartAsync(data, port);
        ExternalProcess? sender = null;
        try
        {
            var rtp = await gateway.CreateCaptureAsync(new { source = new { type = "rtp", sdp = Sdp }, outputs = new[] { new { type = "mp4" } }, maxDurationSeconds = 600 });
            var whip = await gateway.CreateCaptureAsync(new { source = new { type = "whip" }, outputs = new[] { new { type = "mp4" } } });
            var (id, answer) = (rtp["id"]!.GetValue<string>(), rtp["source"]!["answerSdp"]!.GetValue<string>());
            var ports = RtpPorts.MediaPort().Matches(answer).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
            sender = ExternalProcess.Start("ffmpeg", SyncPattern.H264OpusSender(40, ports[0], ports[1]));
            await GatewayFactory.WaitForStateAsync(gateway.Http, id, TimeSpan.FromSeconds(30), "recording");
            await Task.Delay(4000);
            // Created just before the crash: its 2 s run out while the gateway is down.
            var expiring = await gateway.CreateCaptureAsync(new { source = new { type = "rtp", sdp = Sdp }, outputs = new[] { new { type = "mp4" } }, maxDurationSeconds = 2 });

            await gateway.KillAsync();
            await gateway.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await gateway.DisposeAsync();
            await Task.Delay(2500);   // the expiring capture's 2 s pass while the gateway is down
            gateway = await GatewayProcess.StartAsync(data, port);

            var resumed = await GatewayFactory.WaitForStateAsync(gateway.Http, id, TimeSpan.FromSeconds(30), "recording");
            Assert.Equal(answer, resumed["source"]!["answerSdp"]!.GetValue<string>());   // same ports: the sender never noticed
            await Task.Delay(4000);
            (await gateway.Http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
            var done = await GatewayFactory.WaitForStateAsync(gateway.Http, id, TimeSpan.FromSeconds(30), "completed", "failed");
            output.WriteLine(done.ToJsonString());
            Assert.Equal(("completed", "stopped"), (done["state"]!.GetValue<string>(), done["endReason"]!.GetValue<string>()));
            var part = done["resumptions"]!.AsArray().Single()!;
            Assert.Equal(2, part["part"]!.GetValue<int>());
            Assert.InRange(part["gapSeconds"]!.GetValue<double>(), 0.01, 30);
            var first = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;
            var second = new Uri(part["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;
            Assert.Equal("recording.part2.mp4", Path.GetFileName(second));
            foreach (var file in new[] { first, second })
            {
                var probe = await MediaProbe.ProbeAsync(file, countFrames: false);
                var errors = await MediaProbe.DecodeErrorsAsync(file);
                output.WriteLine($"{Path.GetFileName(file)}: {probe.DurationSeconds:F2} s, errors [{errors}]");
                Assert.True(errors.Length == 0, errors);
                Assert.True(probe.DurationSeconds >= 2, $"{file}: {probe.DurationSeconds} s");
            }

            foreach (var other in new[] { whip, expiring })
            {
                var ended = await gateway.GetCaptureAsync(other["id"]!.GetValue<string>());
                Assert.Equal(("completed", "interrupted"), (ended["state"]!.GetValue<string>(), ended["endReason"]!.GetValue<string>()));
                Assert.Null(ended["resumptions"]);
            }
        }
        finally
        {
            if (sender is not null) await sender.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }
}
