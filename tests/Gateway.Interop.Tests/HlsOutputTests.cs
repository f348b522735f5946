using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Issue 7 item 2 and the thumbnail of item 4: an RTP capture with an hls output, its playlist fetched over HTTP while
/// live (segments decoded by ffmpeg), the thumbnail decoded by ffprobe, and the VOD playlist kept at the end checked
/// against the capture's duration.
/// </summary>
public sealed partial class HlsOutputTests(ITestOutputHelper output)
{
    private const int Seconds = 14;

    public static TheoryData<string, string, string?, string, string> Sources => new()
    {
        // name, rtpmap, fmtp, hls format, expected segment extension
        { "h264", "H264/90000", "packetization-mode=1", "fmp4", ".m4s" },
        { "vp8", "VP8/90000", null, "ts", ".ts" },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Hls_is_served_live_and_kept_as_a_vod_playlist_covering_the_capture(string name, string rtpmap, string? fmtp,
        string format, string extension)
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            name = "hls-" + name,
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, rtpmap, fmtp), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")) },
            outputs = new object[] { new { type = "hls", segmentSeconds = 2, format }, new { type = "mp4" } },
        });
        var id = capture["id"]!.GetValue<string>();
        var (videoPort, audioPort) = RtpPorts.Of(capture);
        var playlistUrl = $"/v1/captures/{id}/hls/index.m3u8";

        await using var sender = ExternalProcess.Start("ffmpeg", name == "h264"
            ? SyncPattern.H264OpusSender(Seconds, videoPort, audioPort)
            : SyncPattern.Vp8OpusSender(Seconds, videoPort, audioPort));

        // Live: wait for two segments, then decode what is listed. Generous: on a loaded machine (load average 30 on two
        // cores was seen) the two libx264 encoders of the VP8 case fall behind the sender; the capture stays live
        // after the sender ends (the RTP silence timeout is 30 s), so the segments still come while it is recording.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var live = await WaitForSegmentsAsync(http, playlistUrl, 2, TimeSpan.FromSeconds(Seconds + 25));
        output.WriteLine($"two segments listed {clock.Elapsed.TotalSeconds:F2} s after the sender started\n{live}");
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:EVENT", live);
        Assert.DoesNotContain("#EXT-X-ENDLIST", live);
        var segments = SegmentNames(live);
        Assert.All(segments, s => Assert.EndsWith(extension, s));
        var liveCopy = await DownloadAsync(http, id, live, dir, "live");
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(liveCopy));
        var liveProbe = await MediaProbe.ProbeAsync(liveCopy);
        Assert.Equal("h264", liveProbe.Video?.CodecName);
        Assert.Equal("aac", liveProbe.Audio?.CodecName);

        var resource = JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{id}"))!;
        var entry = resource["outputs"]![0]!;
        Assert.Equal(playlistUrl, entry["url"]!.GetValue<string>());
        Assert.EndsWith("/hls/index.m3u8", entry["location"]!.GetValue<string>());
        Assert.True(entry["bytes"]!.GetValue<long>() > 10_000, entry.ToJsonString());

        await CheckThumbnailAsync(http, id, dir);
        await CheckRejectedNamesAsync(http, id);

        Assert.Equal(0, await sender.WaitForExitAsync(TimeSpan.FromSeconds(Seconds + 30)));
        (await http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(60), "completed", "failed");
        output.WriteLine(done.ToJsonString());
        Assert.Equal("completed", done["state"]!.GetValue<string>());

        // VOD: the kept playlist is ended, marked VOD, decodes cleanly and lasts as long as the capture (and its MP4).
        var playlistFile = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;
        var vod = await File.ReadAllTextAsync(playlistFile);
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD", vod);
        Assert.Contains("#EXT-X-ENDLIST", vod);
        Assert.Equal(vod, await http.GetStringAsync(playlistUrl));
        var vodProbe = await MediaProbe.ProbeAsync(playlistFile);
        var mp4Probe = await MediaProbe.ProbeAsync(new Uri(done["outputs"]![1]!["location"]!.GetValue<string>()).LocalPath, countFrames: false);
        var listed = SegmentDurations(vod).Sum();
        output.WriteLine($"{name}/{format}: VOD {SegmentNames(vod).Count} segments, EXTINF sum {listed:F2} s, ffprobe {vodProbe.DurationSeconds:F2} s, " +
                         $"mp4 {mp4Probe.DurationSeconds:F2} s, capture {done["outputs"]![0]!["durationSeconds"]} s, {vodProbe.Video?.Frames} video frames");
        Assert.InRange(vodProbe.DurationSeconds, Seconds - 2, Seconds + 2);
        Assert.InRange(listed, Seconds - 2, Seconds + 2);
        // The acceptance bound (±2 s) against the MP4 of the same ffmpeg too. Usually within 0.25 s; the VP8→TS case
        // once came out 1.55 s short of its MP4 (12.47 s, all 420 frames) at load average 30: reported, not hidden.
        Assert.InRange(vodProbe.DurationSeconds - mp4Probe.DurationSeconds, -2, 2);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(playlistFile));
        Assert.True(vodProbe.Video!.Frames >= 0.9 * Seconds * 30, $"{vodProbe.Video.Frames} frames");
    }

    [Fact]
    public async Task A_capture_without_hls_answers_404_problems_for_hls_and_thumbnail()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("audio", 0, 111, "opus/48000/2", null)) },
            outputs = new[] { new { type = "audio" } },
        });
        var id = capture["id"]!.GetValue<string>();
        foreach (var path in new[] { $"/v1/captures/{id}/hls/index.m3u8", $"/v1/captures/{id}/thumbnail.jpg", "/v1/captures/c_nope/hls/index.m3u8" })
        {
            var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            output.WriteLine($"{path}: {await response.Content.ReadAsStringAsync()}");
        }
        var invalid = await http.PostAsync("/v1/captures", System.Net.Http.Json.JsonContent.Create(new
        {
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("audio", 0, 111, "opus/48000/2", null)) },
            outputs = new object[] { new { type = "hls", segmentSeconds = 0, format = "mkv" }, new { type = "hls" } },
        }));
        var body = await invalid.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("outputs[0].segmentSeconds", body);
        Assert.Contains("outputs[0].format", body);
        Assert.Contains("outputs[1].type", body);
        (await http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
    }

    private async Task CheckThumbnailAsync(HttpClient http, string id, TempDirectory dir)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var response = await http.GetAsync($"/v1/captures/{id}/thumbnail.jpg");
        var rendered = clock.Elapsed;
        (await http.GetAsync($"/v1/captures/{id}/thumbnail.jpg")).EnsureSuccessStatusCode();
        output.WriteLine($"thumbnail: first request {rendered.TotalMilliseconds:F0} ms (ffmpeg decode), second {(clock.Elapsed - rendered).TotalMilliseconds:F0} ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var file = dir.File("thumbnail.jpg");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,width,height",
            "-of", "csv=p=0", file], TimeSpan.FromSeconds(30));
        output.WriteLine($"thumbnail: {new FileInfo(file).Length} bytes, {stdout.Trim()}");
        Assert.True(exit == 0, stderr);
        Assert.Equal("mjpeg,640,360", stdout.Trim());
    }

    private static async Task CheckRejectedNamesAsync(HttpClient http, string id)
    {
        foreach (var name in new[] { "..%2F..%2Fcapture.json", "index.m3u8.tmp", "recording.mp4", "index1.mp4", "..index.m3u8", "index0.ts%20", "index0.m4s%2F..%2F..%2Fcapture.json", "index-1.ts", "INDEX.M3U8" })
        {
            var response = await http.GetAsync($"/v1/captures/{id}/hls/{name}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{name}: {(int)response.StatusCode}");
        }
        var playlist = await http.GetAsync($"/v1/captures/{id}/hls/index.m3u8");
        Assert.Equal("application/vnd.apple.mpegurl", playlist.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", playlist.Headers.CacheControl?.ToString());
    }

    private static async Task<string> WaitForSegmentsAsync(HttpClient http, string url, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var response = await http.GetAsync(url);
            if (response.IsSuccessStatusCode)
            {
                last = await response.Content.ReadAsStringAsync();
                if (SegmentNames(last).Count >= count) return last;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"fewer than {count} segments after {timeout}: {last}");
    }

    /// <summary>Copies a live playlist and what it names; the copy gets #EXT-X-ENDLIST so ffmpeg reads it once instead of waiting live.</summary>
    private static async Task<string> DownloadAsync(HttpClient http, string id, string playlist, TempDirectory dir, string folder)
    {
        var target = Directory.CreateDirectory(Path.Combine(dir.Path, folder)).FullName;
        var names = SegmentNames(playlist).ToList();
        if (InitName().Match(playlist) is { Success: true } init) names.Add(init.Groups[1].Value);
        foreach (var name in names)
        {
            var response = await http.GetAsync($"/v1/captures/{id}/hls/{name}");
            Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode}");
            await File.WriteAllBytesAsync(Path.Combine(target, name), await response.Content.ReadAsByteArrayAsync());
        }
        var file = Path.Combine(target, "index.m3u8");
        await File.WriteAllTextAsync(file, playlist.TrimEnd() + "\n#EXT-X-ENDLIST\n");
        return file;
    }

    private static List<string> SegmentNames(string playlist) =>
        playlist.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    private static IEnumerable<double> SegmentDurations(string playlist) =>
        ExtInf().Matches(playlist).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"#EXTINF:([0-9.]+),")]
    private static partial Regex ExtInf();

    [GeneratedRegex("#EXT-X-MAP:URI=\"([^\"]+)\"")]
    private static partial Regex InitName();
}
