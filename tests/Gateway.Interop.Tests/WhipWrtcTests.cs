using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>A second WebRTC implementation, libwebrtc through npm @roamhq/wrtc, publishes over WHIP to the gateway.</summary>
public sealed class WhipWrtcTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("vp8", "VP8")]
    [InlineData("vp9", "VP9")]
    public async Task Wrtc_publishes_video_and_audio_into_a_clean_recording(string video, string codec)
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };
        var capture = await gateway.CreateCaptureAsync(http, new { name = "wrtc", source = new { type = "whip" }, outputs = new[] { new { type = "mp4" } } });
        var id = capture["id"]!.GetValue<string>();

        var result = await WrtcPublisher.RunAsync(new Uri(baseUrl, capture["source"]!["whipUrl"]!.GetValue<string>()),
            capture["source"]!["bearerToken"]!.GetValue<string>(), TimeSpan.FromSeconds(6), video);
        output.WriteLine(result.Stdout);
        Assert.True(result.ExitCode == WrtcPublishResult.Published, $"exit {result.ExitCode}\n{result.Stderr}");
        Assert.Equal(200, result.DeleteStatus);

        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(30), "completed", "failed");
        output.WriteLine(done.ToJsonString());
        Assert.Equal(("completed", "sourceEnded"), (done["state"]!.GetValue<string>(), done["endReason"]!.GetValue<string>()));
        var tracks = done["tracks"]!.AsArray();
        Assert.Contains(tracks, t => t!["codec"]!.GetValue<string>() == codec && t["framesWritten"]!.GetValue<long>() > 60);
        Assert.Contains(tracks, t => t!["codec"]!.GetValue<string>() == "opus" && t["framesWritten"]!.GetValue<long>() > 150);
        var file = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;
        var probe = await MediaProbe.ProbeAsync(file);
        Assert.Equal(("h264", "aac"), (probe.Video?.CodecName, probe.Audio?.CodecName));
        Assert.InRange(probe.DurationSeconds, 4.0, 8.5);
        var errors = await MediaProbe.DecodeErrorsAsync(file);
        Assert.True(errors.Length == 0, errors);
    }
}
