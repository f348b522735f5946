using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// kill -9 of a real gateway process in the middle of a recording, then a restart on the same data directory: the
/// capture comes back as interrupted with a playable file, and finished captures are still listed.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private static ExternalProcess StartGateway(string data, int port) =>
        ExternalProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "Gateway.Api.dll"), "--urls", $"http://127.0.0.1:{port}",
            "--Gateway:DataDirectory", data, "--Gateway:WebRtc:UdpPort", "0", "--Gateway:WebRtc:Addresses:0", "127.0.0.1",
            "--Gateway:MinFreeDiskMegabytes", "0", "--Gateway:StopFreeDiskMegabytes", "0", "--Logging:LogLevel:Default", "Warning",
            "--Gateway:ResumeCaptures", "false"]);   // the path without resuming; ResumeTests covers resuming

    private static async Task WaitHealthyAsync(HttpClient http, ExternalProcess gateway)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            Assert.False(gateway.HasExited, gateway.StandardError + gateway.StandardOutput);
            await Task.Delay(100);
        }
        throw new TimeoutException("the gateway did not become healthy: " + gateway.StandardError);
    }

    private static async Task<JsonNode> CreateAsync(HttpClient http, object request)
    {
        using var response = await http.PostAsJsonAsync("/v1/captures", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task Kill_9_mid_recording_leaves_an_interrupted_capture_with_a_playable_file_after_restart()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        var port = FreePorts.Tcp();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        string finishedId, runningId;
        await using (var first = StartGateway(data, port))
        {
            await WaitHealthyAsync(http, first);
            // One capture that finishes normally before the crash.
            var done = await CreateAsync(http, new
            {
                name = "finished", source = new { type = "rtp", sdp = SyncPattern.Sdp(("audio", 0, 0, "PCMU/8000", null)) }, outputs = new[] { new { type = "audio" } },
            });
            finishedId = done["id"]!.GetValue<string>();
            var pcmuPort = int.Parse(System.Text.RegularExpressions.Regex.Match(done["source"]!["answerSdp"]!.GetValue<string>(), @"m=audio (\d+)").Groups[1].Value,
                System.Globalization.CultureInfo.InvariantCulture);
            await using (var pcmu = ExternalProcess.Start("ffmpeg", SyncPattern.PcmuSender(2, pcmuPort)))
            {
                await GatewayFactory.WaitForStateAsync(http, finishedId, TimeSpan.FromSeconds(15), "recording");
                await pcmu.WaitForExitAsync(TimeSpan.FromSeconds(15));
            }
            await http.PostAsync($"/v1/captures/{finishedId}/stop", null);
            await GatewayFactory.WaitForStateAsync(http, finishedId, TimeSpan.FromSeconds(15), "completed", "failed");

            // The one that is running when the process dies.
            var running = await CreateAsync(http, new
            {
                name = "crashed",
                source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")) },
                outputs = new[] { new { type = "mp4" } },
            });
            runningId = running["id"]!.GetValue<string>();
            var answer = running["source"]!["answerSdp"]!.GetValue<string>();
            var ports = System.Text.RegularExpressions.Regex.Matches(answer, @"m=\w+ (\d+)").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            await using var sender = ExternalProcess.Start("ffmpeg", SyncPattern.H264OpusSender(30, ports[0], ports[1]));
            await GatewayFactory.WaitForStateAsync(http, runningId, TimeSpan.FromSeconds(20), "recording");
            await Task.Delay(6000);
            var (exit, _, error) = await ExternalProcess.RunAsync("kill", ["-9", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
            Assert.True(exit == 0, error);
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        await using var second = StartGateway(data, port);
        await WaitHealthyAsync(http, second);
        var crashed = JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{runningId}"))!;
        var finished = JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{finishedId}"))!;
        output.WriteLine(crashed.ToJsonString());
        Assert.Equal(("completed", "interrupted"), (crashed["state"]!.GetValue<string>(), crashed["endReason"]!.GetValue<string>()));
        Assert.Equal(("completed", "stopped"), (finished["state"]!.GetValue<string>(), finished["endReason"]!.GetValue<string>()));

        var file = Path.Combine(data, "captures", runningId, "recording.mp4");
        var probe = await MediaProbe.ProbeAsync(file);
        var errors = await MediaProbe.DecodeErrorsAsync(file);
        output.WriteLine($"after kill -9: {probe.DurationSeconds:F2} s, video frames {probe.Video?.Frames}, decode errors: [{errors}]");
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.True(probe.Video?.Frames > 60, $"{probe.Video?.Frames} video frames");
        Assert.InRange(probe.DurationSeconds, 3.0, 8.0);
        Assert.True(errors.Length == 0, errors);
    }
}
