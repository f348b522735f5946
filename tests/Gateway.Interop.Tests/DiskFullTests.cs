using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// A real gateway process whose data directory is a small tmpfs that an RTP recording fills: the capture ends with
/// error and a reason, its file plays, the gateway stays healthy and refuses new captures (507) until space returns.
/// </summary>
public sealed partial class DiskFullTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;
    private static readonly string Sdp =
        SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1"));

    [Fact]
    public async Task A_recording_that_fills_the_disk_ends_with_error_keeps_a_playable_file_and_new_captures_wait_for_space()
    {
        using var dir = new TempDirectory();
        await using var mount = await TmpfsMount.MountAsync(Path.Combine(dir.Path, "data"), 48);
        // New captures need 16 MB free, running ones stop below 13 MB: a ballast leaves 17 MB, so ~4 MB of
        // recording (a few seconds at 4 Mbit/s) crosses the stop line.
        await using var gateway = await GatewayProcess.StartAsync(mount.Path, FreePorts.Tcp(),
            "--Gateway:MinFreeDiskMegabytes", "16", "--Gateway:StopFreeDiskMegabytes", "13");
        var ballast = Path.Combine(mount.Path, "ballast.bin");
        await FillAsync(ballast, mount.AvailableBytes - 17 * MiB);
        output.WriteLine($"free before the capture: {mount.AvailableBytes / (double)MiB:F1} MiB");

        var capture = await gateway.CreateCaptureAsync(new { source = new { type = "rtp", sdp = Sdp }, outputs = new[] { new { type = "mp4" } } });
        var id = capture["id"]!.GetValue<string>();
        var ports = Ports(capture);
        await using var sender = ExternalProcess.Start("ffmpeg", NoisySender.H264Opus(120, ports[0], ports[1], 4000));
        var done = await GatewayFactory.WaitForStateAsync(gateway.Http, id, TimeSpan.FromSeconds(90), "completed", "failed");
        output.WriteLine($"free after: {mount.AvailableBytes / (double)MiB:F1} MiB; {done.ToJsonString()}");

        Assert.Equal(("failed", "error"), (done["state"]!.GetValue<string>(), done["endReason"]!.GetValue<string>()));
        Assert.Contains("nearly full", done["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var file = new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath;
        await AssertPlayableAsync(file);

        // Healthy, but refuses new work while the disk is short...
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/healthz")).StatusCode);
        using (var refused = await gateway.Http.PostAsJsonAsync("/v1/captures", new { source = new { type = "rtp", sdp = Sdp }, outputs = new[] { new { type = "mp4" } } }))
        {
            Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
            Assert.Contains("MinFreeDiskMegabytes", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // ...and takes it again once space is back.
        File.Delete(ballast);
        var again = await gateway.CreateCaptureAsync(new { source = new { type = "rtp", sdp = Sdp }, outputs = new[] { new { type = "mp4" } } });
        (await gateway.Http.PostAsync($"/v1/captures/{again["id"]}/stop", null)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Without_the_free_space_guard_a_real_ENOSPC_still_ends_the_capture_with_error_and_a_playable_file()
    {
        using var dir = new TempDirectory();
        await using var mount = await TmpfsMount.MountAsync(Path.Combine(dir.Path, "data"), 48);
        await using var gateway = await GatewayProcess.StartAsync(mount.Path, FreePorts.Tcp());   // both thresholds 0
        var ballast = Path.Combine(mount.Path, "ballast.bin");
        await FillAsync(ballast, mount.AvailableBytes - 4 * MiB);

        var capture = await gateway.CreateCaptureAsync(new { source = new { type = "rtp", sdp = Sdp }, outputs = new[] { new { type = "mp4" } } });
        var id = capture["id"]!.GetValue<string>();
        var ports = Ports(capture);
        await using var sender = ExternalProcess.Start("ffmpeg", NoisySender.H264Opus(120, ports[0], ports[1], 4000));
        var done = await GatewayFactory.WaitForStateAsync(gateway.Http, id, TimeSpan.FromSeconds(90), "completed", "failed");
        output.WriteLine($"free after: {mount.AvailableBytes / (double)MiB:F1} MiB; {done.ToJsonString()}");

        Assert.Equal(("failed", "error"), (done["state"]!.GetValue<string>(), done["endReason"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(done["error"]?.GetValue<string>()));
        await AssertPlayableAsync(new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/healthz")).StatusCode);

        File.Delete(ballast);
        var again = await gateway.CreateCaptureAsync(new { source = new { type = "rtp", sdp = Sdp }, outputs = new[] { new { type = "mp4" } } });
        (await gateway.Http.PostAsync($"/v1/captures/{again["id"]}/stop", null)).EnsureSuccessStatusCode();
    }

    private async Task AssertPlayableAsync(string file)
    {
        var probe = await MediaProbe.ProbeAsync(file);
        var errors = await MediaProbe.DecodeErrorsAsync(file);
        output.WriteLine($"{file}: {new FileInfo(file).Length / (double)MiB:F1} MiB, {probe.DurationSeconds:F2} s, {probe.Video?.Frames} video frames, decode errors [{errors}]");
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.True(probe.Video!.Frames >= 30, $"{probe.Video.Frames} frames");
        Assert.True(errors.Length == 0, errors);
    }

    private static async Task FillAsync(string path, long bytes)
    {
        var chunk = new byte[MiB];
        await using var stream = File.Create(path);
        for (var written = 0L; written < bytes; written += chunk.Length)
            await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bytes - written)));
    }

    private static int[] Ports(JsonNode capture) =>
        RtpPorts.MediaPort().Matches(capture["source"]!["answerSdp"]!.GetValue<string>())
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
}
