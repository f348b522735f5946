using System.Globalization;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Issue 7 item 2, storage: an hls output of a capture stored in Azure (Azurite) is uploaded with the rest, every
/// file of the folder under <c>{prefix}{id}/hls/</c>, so the uploaded VOD playlist plays straight from the container.
/// </summary>
public sealed partial class HlsAzureUploadTests(ITestOutputHelper output)
{
    private const int Seconds = 8;
    private const string Container = "recordings";
    private const string Prefix = "live/";

    [Fact]
    public async Task Hls_files_are_uploaded_with_the_recording_keeping_the_folder_and_the_blob_playlist_decodes()
    {
        using var dir = new TempDirectory("gateway-hls-azure");
        await using var azurite = await AzuriteServer.StartAsync(dir.File("azurite"));
        await using var gateway = new GatewayFactory(dir.File("data"), new Dictionary<string, string?>
        {
            ["Gateway:Storage:Azure:ConnectionString"] = azurite.ConnectionString,
            ["Gateway:Storage:Azure:PollInterval"] = "00:00:00.200",
            ["Gateway:Storage:Azure:RetryDelay"] = "00:00:00.500",
            ["Gateway:Storage:Azure:MaxRetryDelay"] = "00:00:01",
        });
        using var http = gateway.CreateClient();
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            name = "hls-azure",
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")) },
            outputs = new[] { new { type = "hls" }, new { type = "mp4" } },
            storage = new { type = "azure", container = Container, prefix = Prefix },
        });
        var id = capture["id"]!.GetValue<string>();
        var ports = RtpPorts.MediaPort().Matches(capture["source"]!["answerSdp"]!.GetValue<string>())
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        await using (var sender = ExternalProcess.Start("ffmpeg", SyncPattern.H264OpusSender(Seconds, ports[0], ports[1])))
            Assert.Equal(0, await sender.WaitForExitAsync(TimeSpan.FromSeconds(Seconds + 20)));
        var localFolder = Path.Combine(dir.File("data"), "captures", id, "hls");
        var localFiles = Directory.GetFiles(localFolder).Select(Path.GetFileName).Order().ToList();

        (await http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
        Assert.Equal("completed", (await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(30), "completed", "failed"))["state"]!.GetValue<string>());
        var done = await WaitForUploadedAsync(http, id, TimeSpan.FromSeconds(60));
        output.WriteLine(done["outputs"]!.ToJsonString());

        var container = azurite.CreateClient().GetBlobContainerClient(Container);
        var folder = $"{Prefix}{id}/hls/";
        Assert.Equal(container.GetBlobClient(folder + "index.m3u8").Uri.AbsoluteUri, done["outputs"]![0]!["location"]!.GetValue<string>());
        var blobs = new List<string>();
        await foreach (var item in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, folder, CancellationToken.None)) blobs.Add(item.Name[folder.Length..]);
        output.WriteLine($"local before upload: {string.Join(' ', localFiles)}\nblobs: {string.Join(' ', blobs)}");

        var downloaded = Directory.CreateDirectory(dir.File("downloaded")).FullName;
        foreach (var name in blobs) await container.GetBlobClient(folder + name).DownloadToAsync(Path.Combine(downloaded, name));
        var playlist = await File.ReadAllTextAsync(Path.Combine(downloaded, "index.m3u8"));
        Assert.Contains("#EXT-X-ENDLIST", playlist);
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD", playlist);
        var named = playlist.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Append("init.mp4").ToList();
        Assert.All(named, n => Assert.Contains(n, blobs));
        Assert.Equal("video/iso.segment", (await container.GetBlobClient(folder + named[0]).GetPropertiesAsync()).Value.ContentType);
        Assert.Equal("application/vnd.apple.mpegurl", (await container.GetBlobClient(folder + "index.m3u8").GetPropertiesAsync()).Value.ContentType);

        var file = Path.Combine(downloaded, "index.m3u8");
        var probe = await MediaProbe.ProbeAsync(file);
        output.WriteLine($"blob playlist: {named.Count - 1} segments, {probe.DurationSeconds:F2} s");
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal("aac", probe.Audio?.CodecName);
        Assert.InRange(probe.DurationSeconds, Seconds - 2, Seconds + 2);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(file));

        // Uploaded and verified, the local copies go (the default, as for the other outputs).
        for (var i = 0; i < 50 && Directory.EnumerateFiles(localFolder).Any(); i++) await Task.Delay(100);
        Assert.Empty(Directory.EnumerateFiles(localFolder));
    }

    private static async Task<JsonNode> WaitForUploadedAsync(HttpClient http, string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonNode capture;
        do
        {
            capture = JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{id}"))!;
            if (capture["outputs"]!.AsArray().All(o => o!["upload"]?["state"]?.GetValue<string>() == "uploaded")) return capture;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"uploads of {id} did not finish: {capture["outputs"]!.ToJsonString()}");
    }
}
