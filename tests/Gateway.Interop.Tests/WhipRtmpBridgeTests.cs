using Gateway.Interop.Tests.Support;
using Gateway.Interop.Tests.Support.Chromium;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Issue 7, WebRTC → RTMP bridge: Chromium publishes its fake camera and microphone (VP8 + Opus) over WHIP, and
/// nginx-rtmp receives the capture's rtmp output (transcoded to H.264 + AAC) and records it as FLV.
/// </summary>
public sealed class WhipRtmpBridgeTests(ITestOutputHelper output)
{
    private const int PublishSeconds = 10;

    [Fact]
    public async Task Chromium_over_whip_reaches_nginx_as_h264_and_aac()
    {
        using var dir = new TempDirectory();
        await using var nginx = await NginxRtmpServer.StartAsync(Path.Combine(dir.Path, "nginx"));
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            name = "bridge", source = new { type = "whip" }, outputs = new[] { new { type = "rtmp", url = nginx.Url("bridge-key") } },
        });
        var id = capture["id"]!.GetValue<string>();
        var whipUrl = new Uri(baseUrl, capture["source"]!["whipUrl"]!.GetValue<string>());

        await using (var chromium = await ChromiumPublisher.LaunchAsync())
        {
            var published = await chromium.PublishAsync(whipUrl, capture["source"]!["bearerToken"]!.GetValue<string>(), "video/VP8");
            Assert.True(published.IsCreated, $"{published.Status} {published.Body} {published.Error}\n{chromium.Diagnostics}");
            Assert.Equal("connected", await chromium.WaitConnectedAsync(TimeSpan.FromSeconds(15)));
            await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(15), "recording");
            await Task.Delay(TimeSpan.FromSeconds(PublishSeconds));
            Assert.Equal(200, await chromium.StopAsync());
        }
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(60), "completed", "failed");
        output.WriteLine(done["outputs"]!.ToJsonString());
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        Assert.Equal("completed", done["outputs"]![0]!["state"]!.GetValue<string>());
        await Task.Delay(500);                                  // nginx closes the FLV once the publisher is gone

        var flv = Assert.Single(nginx.Recordings);
        var probe = await MediaProbe.ProbeAsync(flv);
        output.WriteLine($"{Path.GetFileName(flv)}: {probe.DurationSeconds:F2} s, {probe.Video?.CodecName} {probe.Video?.Frames} frames, {probe.Audio?.CodecName}");
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal("aac", probe.Audio?.CodecName);
        Assert.InRange(probe.DurationSeconds, PublishSeconds - 2, PublishSeconds + 3);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(flv));
    }
}
