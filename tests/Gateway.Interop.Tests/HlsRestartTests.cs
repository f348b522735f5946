using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// The capture's ffmpeg is killed mid-capture: the restarted one continues the same HLS playlist (a discontinuity,
/// numbering going on), which stays served at the same URL, and the VOD at the end decodes and covers the capture
/// minus the gap.
/// </summary>
public sealed partial class HlsRestartTests(ITestOutputHelper output)
{
    private const int Seconds = 16;

    [Fact]
    public async Task A_killed_ffmpeg_continues_the_same_playlist()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            name = "hls-restart",
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")) },
            outputs = new[] { new { type = "hls" } },
        });
        var id = capture["id"]!.GetValue<string>();
        var (video, audio) = RtpPorts.Of(capture);
        await using var sender = ExternalProcess.Start("ffmpeg", SyncPattern.H264OpusSender(Seconds, video, audio));
        await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(20), "recording");
        int first = await ChildProcesses.WaitForOneAsync(TimeSpan.FromSeconds(20), "ffmpeg", "index.m3u8");
        await Task.Delay(TimeSpan.FromSeconds(6));
        var before = await http.GetStringAsync($"/v1/captures/{id}/hls/index.m3u8");
        ChildProcesses.Kill(first);
        Assert.Equal(0, await sender.WaitForExitAsync(TimeSpan.FromSeconds(Seconds + 30)));
        (await http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(60), "completed", "failed");
        output.WriteLine(done["outputs"]!.ToJsonString());
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        Assert.Equal(1, done["outputs"]![0]!["restarts"]!.GetValue<int>());

        var vod = await http.GetStringAsync($"/v1/captures/{id}/hls/index.m3u8");
        output.WriteLine($"before the kill:\n{before}\nat the end:\n{vod}");
        Assert.StartsWith(before.Replace("#EXT-X-ENDLIST", "", StringComparison.Ordinal).TrimEnd()
            .Replace("PLAYLIST-TYPE:EVENT", "PLAYLIST-TYPE:VOD", StringComparison.Ordinal), vod, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(vod, "#EXT-X-DISCONTINUITY"));          // ffmpeg marks every appended run
        Assert.EndsWith("#EXT-X-ENDLIST\n", vod, StringComparison.Ordinal);
        var names = vod.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(names.Select((_, i) => $"index{i}.m4s"), names);       // numbering went on
        var file = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;
        var probe = await MediaProbe.ProbeAsync(file);
        var listed = Regex.Matches(vod, @"#EXTINF:([0-9.]+),").Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        output.WriteLine($"{names.Count} segments, EXTINF sum {listed:F2} s, ffprobe {probe.DurationSeconds:F2} s, {probe.Video?.Frames} frames");
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(file));
        Assert.InRange(listed, Seconds - 4, Seconds + 1);                    // the kill's gap is missing, a few seconds at most
    }
}
