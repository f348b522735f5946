using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Gateway.Interop.Tests.Support.Janus;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// The gateway as a bot in a real Janus VideoRoom (Debian janus, peers.md §4): Janus runs in the test's network
/// namespace with a veth pair of its own (libnice ignores loopback), Chromium pages publish into the room through the
/// Janus WebSocket API, and the gateway — advertising the veth address — subscribes to each of them. Two captures
/// record the same room at once: one per participant ("tracks"), one grid ("composite"); a third publisher joins
/// half-way and must show up in both.
/// </summary>
public sealed class JanusRoomTests(ITestOutputHelper output)
{
    private const int SecondsBeforeThird = 8, SecondsAfterThird = 10;

    [Fact]
    public async Task Bot_records_each_participant_and_a_composite_and_follows_a_publisher_joining_mid_capture()
    {
        await using var janus = await JanusServer.StartAsync();
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"),
            new Dictionary<string, string?> { ["Gateway:WebRtc:Addresses:0"] = janus.IceAddress.ToString() });
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };
        await using var publishers = await JanusPublishers.LaunchAsync();
        string Context() => $"chromium:\n{publishers.Diagnostics}\njanus log tail:\n{Tail(janus.Log, 60)}";

        foreach (var name in new[] { "alice", "bob" })
        {
            var joined = await publishers.JoinAsync(janus.WebSocketUrl, janus.Room, name);
            Assert.True(joined.Ok, $"{name}: {joined}\n{Context()}");
        }
        object Source() => new { type = "janus", url = janus.WebSocketUrl.ToString(), room = janus.Room, pin = (string?)null, participants = "all" };
        var tracks = await gateway.CreateCaptureAsync(http, new { name = "room-tracks", source = Source(), layout = "tracks", outputs = new[] { new { type = "webm" } } });
        var composite = await gateway.CreateCaptureAsync(http, new { name = "room-grid", source = Source(), layout = "composite", outputs = new[] { new { type = "mp4" } } });
        var (tracksId, compositeId) = (tracks["id"]!.GetValue<string>(), composite["id"]!.GetValue<string>());
        // Each capture's clock starts when it records (its first frame); the two may start seconds apart on a busy machine.
        await GatewayFactory.WaitForStateAsync(http, tracksId, TimeSpan.FromSeconds(30), "recording");
        var recording = Stopwatch.StartNew();
        await GatewayFactory.WaitForStateAsync(http, compositeId, TimeSpan.FromSeconds(30), "recording");
        var compositeOffset = recording.Elapsed.TotalSeconds;

        await Task.Delay(TimeSpan.FromSeconds(SecondsBeforeThird));
        var third = await publishers.JoinAsync(janus.WebSocketUrl, janus.Room, "carol");
        Assert.True(third.Ok, $"carol: {third}\n{Context()}");
        var carolJoined = recording.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(SecondsAfterThird));
        var live = JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{tracksId}"))!;
        (await http.PostAsync($"/v1/captures/{tracksId}/stop", null)).EnsureSuccessStatusCode();
        var total = recording.Elapsed.TotalSeconds;
        (await http.PostAsync($"/v1/captures/{compositeId}/stop", null)).EnsureSuccessStatusCode();
        var compositeTotal = recording.Elapsed.TotalSeconds - compositeOffset;

        var tracksDone = await GatewayFactory.WaitForStateAsync(http, tracksId, TimeSpan.FromSeconds(60), "completed", "failed");
        var compositeDone = await GatewayFactory.WaitForStateAsync(http, compositeId, TimeSpan.FromSeconds(180), "completed", "failed");
        output.WriteLine($"composite started {compositeOffset:F1} s later; carol joined at {carolJoined:F1} s, stopped at {total:F1} s\nlive: {live}\ntracks: {tracksDone}\ncomposite: {compositeDone}");
        var videoTracks = tracksDone["tracks"]!.AsArray().Where(t => t!["kind"]!.GetValue<string>() == "video").ToList();
        // Janus (debug level 5) names why it asked a publisher for a key frame: "New subscriber available" or "PLI from subscriber" (ours).
        output.WriteLine("janus: " + string.Join("; ", janus.Log.Split('\n').Where(l => l.Contains("sending PLI", StringComparison.Ordinal)).Select(l => l.Trim())));
        output.WriteLine("video tracks: " + string.Join("; ", videoTracks.Select(t => $"{t!["participant"]}: {t["framesWritten"]} frames, {t["pliSent"]} PLI, {t["packetsLost"]} lost")));
        Assert.True(tracksDone["state"]!.GetValue<string>() == "completed", $"{tracksDone}\n{Context()}");
        Assert.True(compositeDone["state"]!.GetValue<string>() == "completed", $"{compositeDone}\n{Context()}");

        // tracks: one file per participant, named by display name, each with video and audio, as long as they were there.
        var files = tracksDone["outputs"]!.AsArray().ToDictionary(o => o!["participant"]!.GetValue<string>(), o => new Uri(o!["location"]!.GetValue<string>()).LocalPath);
        Assert.Equal(["alice", "bob", "carol"], files.Keys.Order());
        foreach (var (name, file) in files)
        {
            Assert.Contains($"/participants/{name}/", file, StringComparison.Ordinal);
            var probe = await MediaProbe.ProbeAsync(file);
            var expected = name == "carol" ? total - carolJoined : total;
            output.WriteLine($"{name}: {probe.Video?.CodecName} {probe.Video?.Frames} frames + {probe.Audio?.CodecName}, {probe.DurationSeconds:F2} s (expected {expected:F1} s)");
            Assert.Equal("vp8", probe.Video?.CodecName);
            Assert.Equal("opus", probe.Audio?.CodecName);
            Assert.InRange(probe.DurationSeconds, expected - 2, expected + 2);
            var errors = await MediaProbe.DecodeErrorsAsync(file);
            Assert.True(errors.Length == 0, $"{name}: decode errors: {errors}");
        }

        // composite: one grid file, as long as the capture; carol's tile (bottom-left of the 2x2 grid, a region that is
        // black letterbox while only two are on screen) flashes only after she joined.
        var grid = Assert.Single(compositeDone["outputs"]!.AsArray())!;
        var gridFile = new Uri(grid["location"]!.GetValue<string>()).LocalPath;
        var gridProbe = await MediaProbe.ProbeAsync(gridFile);
        output.WriteLine($"composite: {gridProbe.Video?.CodecName} {gridProbe.Video?.Frames} frames + {gridProbe.Audio?.CodecName}, {gridProbe.DurationSeconds:F2} s");
        Assert.Equal("h264", gridProbe.Video?.CodecName);
        Assert.Equal("aac", gridProbe.Audio?.CodecName);
        Assert.InRange(gridProbe.DurationSeconds, compositeTotal - 2, compositeTotal + 2);
        var gridErrors = await MediaProbe.DecodeErrorsAsync(gridFile);
        Assert.True(gridErrors.Length == 0, $"composite decode errors: {gridErrors}");
        var flashes = await FlashTimesAsync(gridFile, "640:160:0:560");
        output.WriteLine($"flashes in carol's tile at {string.Join(' ', flashes.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))}");
        var carolOnGrid = carolJoined - compositeOffset;
        Assert.DoesNotContain(flashes, t => t < carolOnGrid - 1);
        Assert.True(flashes.Count(t => t > carolOnGrid + 2) >= 3, $"carol's tile shows no flashes after she joined at {carolOnGrid:F1} s");
        // alice (top-left in both layouts) flashes from the start.
        var aliceFlashes = await FlashTimesAsync(gridFile, "640:120:0:240");
        Assert.Contains(aliceFlashes, t => t < carolOnGrid - 1);
    }

    [Fact]
    public async Task A_room_that_does_not_exist_fails_the_capture_with_the_reason()
    {
        await using var janus = await JanusServer.StartAsync();
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"),
            new Dictionary<string, string?> { ["Gateway:WebRtc:Addresses:0"] = janus.IceAddress.ToString() });
        using var http = new HttpClient { BaseAddress = gateway.StartOnLoopback() };
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            source = new { type = "janus", url = janus.WebSocketUrl.ToString(), room = janus.Room + 1 },
            outputs = new[] { new { type = "mp4" } },
        });
        var done = await GatewayFactory.WaitForStateAsync(http, capture["id"]!.GetValue<string>(), TimeSpan.FromSeconds(30), "completed", "failed");
        output.WriteLine(done.ToJsonString());
        Assert.Equal("failed", done["state"]!.GetValue<string>());
        Assert.Equal("error", done["endReason"]!.GetValue<string>());
        Assert.Contains($"Janus room {janus.Room + 1} not found", done["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_janus_fails_the_capture_with_the_reason()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = new HttpClient { BaseAddress = gateway.StartOnLoopback() };
        var url = $"ws://127.0.0.1:{FreePorts.Tcp()}/";   // nothing listens there
        var capture = await gateway.CreateCaptureAsync(http, new { source = new { type = "janus", url, room = 1234 }, outputs = new[] { new { type = "mp4" } } });
        var done = await GatewayFactory.WaitForStateAsync(http, capture["id"]!.GetValue<string>(), TimeSpan.FromSeconds(30), "completed", "failed");
        output.WriteLine(done.ToJsonString());
        Assert.Equal("failed", done["state"]!.GetValue<string>());
        Assert.StartsWith($"Cannot reach Janus at {url}", done["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kill_9_during_a_composite_capture_leaves_every_participants_file()
    {
        await using var janus = await JanusServer.StartAsync();
        await using var publishers = await JanusPublishers.LaunchAsync();
        foreach (var name in new[] { "alice", "bob" })
        {
            var joined = await publishers.JoinAsync(janus.WebSocketUrl, janus.Room, name);
            Assert.True(joined.Ok, $"{name}: {joined}\n{publishers.Diagnostics}");
        }
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        await using var gateway = await GatewayProcess.StartAsync(data, FreePorts.Tcp(), "--Gateway:WebRtc:Addresses:0", janus.IceAddress.ToString());
        var capture = await gateway.CreateCaptureAsync(new
        {
            source = new { type = "janus", url = janus.WebSocketUrl.ToString(), room = janus.Room }, layout = "composite", outputs = new[] { new { type = "mp4" } },
        });
        var id = capture["id"]!.GetValue<string>();
        await GatewayFactory.WaitForStateAsync(gateway.Http, id, TimeSpan.FromSeconds(30), "recording");
        await Task.Delay(TimeSpan.FromSeconds(8));
        await gateway.KillAsync();
        await gateway.WaitForExitAsync(TimeSpan.FromSeconds(10));

        foreach (var name in new[] { "alice", "bob" })
        {
            var file = Path.Combine(data, "captures", id, "participants", name, "recording.webm");
            Assert.True(File.Exists(file), $"{file} is missing after kill -9");
            var probe = await MediaProbe.ProbeAsync(file);
            var errors = await MediaProbe.DecodeErrorsAsync(file);
            output.WriteLine($"{name} after kill -9: {probe.Video?.CodecName} {probe.Video?.Frames} frames + {probe.Audio?.CodecName} {probe.Audio?.Frames} frames, decode errors: [{errors}]");
            Assert.Equal("vp8", probe.Video?.CodecName);
            Assert.Equal("opus", probe.Audio?.CodecName);
            Assert.True(probe.Video?.Frames > 60, $"{name}: {probe.Video?.Frames} video frames");
            Assert.True(probe.Audio?.Frames > 150, $"{name}: {probe.Audio?.Frames} audio frames");
            Assert.True(errors.Length == 0, $"{name}: {errors}");
        }
    }

    /// <summary>Times (s) of the frames whose region <paramref name="crop"/> (w:h:x:y) is mostly white.</summary>
    private static async Task<List<double>> FlashTimesAsync(string file, string crop)
    {
        var (_, stdout, stderr) = await ExternalProcess.RunAsync("ffprobe", ["-v", "error", "-f", "lavfi", "-i", $"movie={file},crop={crop},signalstats",
            "-show_entries", "frame=pts_time:frame_tags=lavfi.signalstats.YAVG", "-of", "csv=p=0"], TimeSpan.FromSeconds(120));
        var times = new List<double>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Trim().Split(',');
            if (parts.Length >= 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var t)
                && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var y) && y > 128) times.Add(t);
        }
        if (stdout.Length == 0) throw new InvalidOperationException($"ffprobe read nothing from {file}: {stderr}");
        return times;
    }

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));
}
