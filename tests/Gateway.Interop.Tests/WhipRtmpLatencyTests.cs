using System.Globalization;
using Gateway.Interop.Tests.Support;
using Gateway.Interop.Tests.Support.Chromium;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Issue 7: how long a frame takes from Chromium's camera through WHIP, the gateway and nginx-rtmp to a low-latency
/// RTMP player. The fake camera shows <see cref="LumaSteps"/> (a grey level stepping once a second); the page stamps
/// each step as the publisher gets it, an ffmpeg player pulling the stream from nginx stamps it as it decodes it, on
/// the same machine clock. The figure bounds what the gateway adds from above: it also holds the browser's encoder,
/// nginx and the player's decoder. It is printed, not asserted (performance targets are not unit-test timings);
/// the test asserts that the steps came through in order, which fails if the bridge breaks or stalls.
/// </summary>
public sealed class WhipRtmpLatencyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(24);

    [Theory]
    [InlineData("video/VP8")]   // transcoded to H.264 by libx264 (zerolatency)
    [InlineData("video/H264")]  // passed through
    public async Task Chromium_camera_to_rtmp_player_delay_is_measured(string videoMime)
    {
        using var dir = new TempDirectory();
        var pattern = Path.Combine(dir.Path, "steps.y4m");
        var (exit, _, stderr) = await ExternalProcess.RunAsync("ffmpeg",
            ["-hide_banner", "-nostdin", "-v", "error", "-f", "lavfi", "-i", LumaSteps.Video(), "-f", "yuv4mpegpipe", "-y", pattern], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, stderr);

        await using var nginx = await NginxRtmpServer.StartAsync(Path.Combine(dir.Path, "nginx"));
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            name = "latency", source = new { type = "whip" }, outputs = new[] { new { type = "rtmp", url = nginx.Url("latency") } },
        });
        var id = capture["id"]!.GetValue<string>();
        var whipUrl = new Uri(baseUrl, capture["source"]!["whipUrl"]!.GetValue<string>());

        await using var chromium = await ChromiumPublisher.LaunchAsync([$"--use-file-for-fake-video-capture={pattern}"]);
        var published = await chromium.PublishAsync(whipUrl, capture["source"]!["bearerToken"]!.GetValue<string>(), videoMime);
        Assert.True(published.IsCreated, $"{published.Status} {published.Body} {published.Error}\n{chromium.Diagnostics}");
        Assert.Equal("connected", await chromium.WaitConnectedAsync(TimeSpan.FromSeconds(15)));
        await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(15), "recording");
        await Task.Delay(TimeSpan.FromSeconds(2));  // the restream reaches nginx; the player's probe then starts on data

        IReadOnlyList<(double Ms, double Luma)> played;
        IReadOnlyList<SourceLumaSample> source;
        await using (var player = RtmpLumaReader.Start(nginx.Url("latency")))
        {
            source = await chromium.SampleSourceLumaAsync(Window + TimeSpan.FromSeconds(3));
            played = player.Frames;
            output.WriteLine($"player: {player}");
        }
        Assert.Equal(200, await chromium.StopAsync());
        await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(60), "completed", "failed");

        var sent = LumaSteps.Steps(source.Select(s => (s.EpochMs, s.Luma)));
        var received = LumaSteps.Steps(played);
        // The player probes the stream for up to 5 s before it decodes anything, then catches up through what it
        // buffered meanwhile: steps from those first seconds measure the player's start, not the bridge.
        var settled = received.Where(r => r.Ms >= played[0].Ms + 5000).ToList();
        var inOrder = LumaSteps.Delays(sent, settled);
        output.WriteLine("delays in order (ms): " + string.Join(' ', inOrder.Select(d => d.ToString("F0", CultureInfo.InvariantCulture))));
        var delays = inOrder.Order().ToList();
        output.WriteLine($"{videoMime}: {source.Count} camera frames, {sent.Count} steps; {played.Count} played frames, {received.Count} steps, {settled.Count} after settling");
        Assert.True(sent.Count >= 15, $"the camera showed {sent.Count} steps");
        Assert.True(delays.Count >= 10, $"only {delays.Count} steps matched; played: {string.Join(' ', played.Take(60).Select(f => f.Luma.ToString("F0", CultureInfo.InvariantCulture)))}");
        Assert.All(delays, d => Assert.True(d > 0, $"a step was played {d:F0} ms before the camera showed it: the matching is broken"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{videoMime} camera → WHIP → gateway → nginx-rtmp → player: median {Percentile(delays, 0.5):F0} ms, p90 {Percentile(delays, 0.9):F0} ms, min {delays[0]:F0}, max {delays[^1]:F0} over {delays.Count} steps"));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
}
