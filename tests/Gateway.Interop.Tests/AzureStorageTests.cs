using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Captures with <c>storage.type = azure</c> against a real Azurite (npm): blocks are staged while ffmpeg writes,
/// the blob is committed and verified afterwards and equals the local file byte for byte, the local copy goes; an
/// outage (Azurite stopped) and a gateway restart only delay the upload.
/// </summary>
public sealed partial class AzureStorageTests(ITestOutputHelper output)
{
    private const int Seconds = 6;
    private const string Container = "recordings";
    private const string Prefix = "standup/";

    private static Dictionary<string, string?> Settings(AzuriteServer azurite) => new()
    {
        ["Gateway:Storage:Azure:ConnectionString"] = azurite.ConnectionString,
        ["Gateway:Storage:Azure:BlockSizeBytes"] = "65536",          // several blocks in a few seconds of video
        ["Gateway:Storage:Azure:StageInterval"] = "00:00:01",
        ["Gateway:Storage:Azure:PollInterval"] = "00:00:00.200",
        ["Gateway:Storage:Azure:RetryDelay"] = "00:00:00.500",
        ["Gateway:Storage:Azure:MaxRetryDelay"] = "00:00:01",
    };

    [Fact]
    public async Task AzureStorage_blocks_are_staged_while_recording_then_the_blob_equals_the_file_and_the_local_copy_goes()
    {
        using var dir = new TempDirectory("gateway-azure");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var azurite = await AzuriteServer.StartAsync(dir.File("azurite"));
        output.WriteLine($"{clock.Elapsed}: azurite up");
        await using var gateway = new GatewayFactory(dir.File("data"), Settings(azurite));
        using var http = gateway.CreateClient();
        output.WriteLine($"{clock.Elapsed}: gateway up");
        var recording = await StartRecordingAsync(gateway, http, Scenario.H264, ["mp4", "audio"]);
        await using var sender = recording.Sender;

        var links = await LinkOutputsAsync(http, recording.Id, dir, 2);
        var staged = await WaitForUncommittedBlocksAsync(azurite, BlobName(recording.Id, "recording.mp4"), minimum: 2);
        output.WriteLine($"while recording: {staged} uncommitted blocks, nothing committed");
        var live = await GetAsync(http, recording.Id);
        Assert.Equal("recording", live["state"]!.GetValue<string>());
        Assert.Equal("uploading", live["outputs"]![0]!["upload"]!["state"]!.GetValue<string>());
        Assert.True(live["outputs"]![0]!["upload"]!["bytesUploaded"]!.GetValue<long>() > 0);

        Assert.Equal(0, await sender.WaitForExitAsync(TimeSpan.FromSeconds(Seconds + 20)));
        var done = await StopAndWaitForUploadAsync(http, recording.Id);

        await AssertUploadedAsync(azurite, done, 0, recording.Id, "recording.mp4", links[0], dir, "h264");
        await AssertUploadedAsync(azurite, done, 1, recording.Id, "audio.ogg", links[1], dir, null);
        await AssertNoSecretsAsync(http, dir, recording.Id);
        output.WriteLine($"{clock.Elapsed}: verified");
    }

    [Fact]
    public async Task AzureStorage_outage_mid_recording_leaves_the_upload_pending_until_azurite_is_back()
    {
        using var dir = new TempDirectory("gateway-azure");
        await using var azurite = await AzuriteServer.StartAsync(dir.File("azurite"));
        await using var gateway = new GatewayFactory(dir.File("data"), Settings(azurite));
        using var http = gateway.CreateClient();
        var recording = await StartRecordingAsync(gateway, http, Scenario.Vp8, ["webm"]);
        await using var sender = recording.Sender;
        var links = await LinkOutputsAsync(http, recording.Id, dir, 1);
        await WaitForUncommittedBlocksAsync(azurite, BlobName(recording.Id, "recording.webm"), minimum: 1);

        await azurite.StopAsync();                                       // the outage starts mid-recording
        var outage = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, await sender.WaitForExitAsync(TimeSpan.FromSeconds(Seconds + 20)));
        (await http.PostAsync($"/v1/captures/{recording.Id}/stop", null)).EnsureSuccessStatusCode();
        var completed = await GatewayFactory.WaitForStateAsync(http, recording.Id, TimeSpan.FromSeconds(30), "completed", "failed");
        Assert.Equal("completed", completed["state"]!.GetValue<string>());
        var pending = await WaitForUploadAsync(http, recording.Id, TimeSpan.FromSeconds(30), IsPendingWithError);
        output.WriteLine("during the outage: " + pending["outputs"]!.ToJsonString());
        Assert.StartsWith("Blob storage is unreachable", pending["outputs"]![0]!["upload"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("file://", pending["outputs"]![0]!["location"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(File.Exists(LocalPath(pending, 0)), "the local copy is kept during the outage");

        // The issue's outage lasts 10 s; retries back off to at most 1 s here, so the upload resumes soon after.
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, 10 - outage.Elapsed.TotalSeconds)));
        output.WriteLine($"azurite was down for {outage.Elapsed.TotalSeconds:F1} s");
        await azurite.StartAgainAsync();                                  // same port, same data folder
        var done = await WaitForUploadAsync(http, recording.Id, TimeSpan.FromSeconds(30), o => o["upload"]!["state"]!.GetValue<string>() == "uploaded");
        await AssertUploadedAsync(azurite, done, 0, recording.Id, "recording.webm", links[0], dir, "vp8");

        // /metrics shows the outage and the recovery: staged bytes, failed attempts, the verified upload and the
        // background resume job's duration (meters are process-wide, so at least this test's share).
        var metrics = await http.GetStringAsync("/metrics");
        foreach (var series in new[] { "gateway_storage_bytes_staged(_bytes)?_total", "gateway_storage_upload_failures_total",
                     "gateway_storage_uploads_verified_total", "gateway_job_duration_seconds_count" })
            Assert.Matches(series + @"(\{[^}]*\})? [1-9]", metrics);
    }

    [Fact]
    public async Task AzureStorage_upload_pending_at_a_gateway_restart_is_resumed_after_it()
    {
        using var dir = new TempDirectory("gateway-azure");
        await using var azurite = await AzuriteServer.StartAsync(dir.File("azurite"));
        string id;
        string[] links;
        await using (var gateway = new GatewayFactory(dir.File("data"), Settings(azurite)))
        {
            using var http = gateway.CreateClient();
            var recording = await StartRecordingAsync(gateway, http, Scenario.H264, ["mp4"]);
            await using var sender = recording.Sender;
            id = recording.Id;
            links = await LinkOutputsAsync(http, id, dir, 1);
            await WaitForUncommittedBlocksAsync(azurite, BlobName(id, "recording.mp4"), minimum: 1);
            await azurite.StopAsync();
            Assert.Equal(0, await sender.WaitForExitAsync(TimeSpan.FromSeconds(Seconds + 20)));
            (await http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
            await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(30), "completed");
            await WaitForUploadAsync(http, id, TimeSpan.FromSeconds(30), IsPendingWithError);
        }                                                                  // the gateway stops with the upload pending

        await azurite.StartAgainAsync();
        await using (var gateway = new GatewayFactory(dir.File("data"), Settings(azurite)))
        {
            using var http = gateway.CreateClient();
            var done = await WaitForUploadAsync(http, id, TimeSpan.FromSeconds(30), o => o["upload"]!["state"]!.GetValue<string>() == "uploaded");
            Assert.Equal("completed", done["state"]!.GetValue<string>());
            await AssertUploadedAsync(azurite, done, 0, id, "recording.mp4", links[0], dir, "h264");
        }
    }

    [Fact]
    public async Task AzureStorage_requests_are_refused_without_an_account_or_with_a_bad_container()
    {
        using var dir = new TempDirectory("gateway-azure");
        await using (var unconfigured = new GatewayFactory(dir.File("data")))
        {
            var problem = await PostInvalidAsync(unconfigured, "recordings");
            Assert.Contains("Gateway:Storage:Azure:ConnectionString", problem["errors"]!["storage.type"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }
        var settings = new Dictionary<string, string?> { ["Gateway:Storage:Azure:ConnectionString"] =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteServer.AccountKey};BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;" };
        await using var configured = new GatewayFactory(dir.File("data2"), settings);
        var bad = await PostInvalidAsync(configured, "Bad_Name");
        Assert.NotNull(bad["errors"]!["storage.container"]);
        Assert.Null(bad["errors"]!["storage.type"]);
        Assert.DoesNotContain(AzuriteServer.AccountKey, bad.ToJsonString(), StringComparison.Ordinal);
    }

    private static async Task<JsonNode> PostInvalidAsync(GatewayFactory gateway, string container)
    {
        using var http = gateway.CreateClient();
        var response = await http.PostAsJsonAsync("/v1/captures", new
        {
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("audio", 0, 0, "PCMU/8000", null)) },
            outputs = new[] { new { type = "audio" } },
            storage = new { type = "azure", container, prefix = Prefix },
        });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(JsonNode.Parse(await http.GetStringAsync("/v1/captures"))!.AsArray());   // nothing was created
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    internal sealed record Scenario(string VideoRtpMap, string? VideoFmtp, Func<int, int, int, List<string>> Sender)
    {
        public static readonly Scenario H264 = new("H264/90000", "packetization-mode=1", SyncPattern.H264OpusSender);
        public static readonly Scenario Vp8 = new("VP8/90000", null, SyncPattern.Vp8OpusSender);
    }

    private sealed record Recording(string Id, ExternalProcess Sender);

    /// <summary>The outage as the resource shows it (between attempts; during one the state reads "uploading").</summary>
    private static bool IsPendingWithError(JsonNode output) =>
        output["upload"]!["state"]!.GetValue<string>() == "pending" && output["upload"]!["error"] is not null;

    private static string BlobName(string id, string file) => $"{Prefix}{id}/{file}";

    private static async Task<Recording> StartRecordingAsync(GatewayFactory gateway, HttpClient http, Scenario scenario, string[] outputs)
    {
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            name = "azure",
            source = new
            {
                type = "rtp",
                sdp = SyncPattern.Sdp(("video", 0, 96, scenario.VideoRtpMap, scenario.VideoFmtp), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")),
            },
            outputs = outputs.Select(o => new { type = o }).ToArray(),
            storage = new { type = "azure", container = Container, prefix = Prefix },
        });
        var ports = RtpPorts.MediaPort().Matches(capture["source"]!["answerSdp"]!.GetValue<string>())
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        var sender = ExternalProcess.Start("ffmpeg", scenario.Sender(Seconds, ports[0], ports[1]));
        return new Recording(capture["id"]!.GetValue<string>(), sender);
    }

    /// <summary>
    /// Hard links to the outputs while ffmpeg writes them: the gateway deletes its copy after the upload, the link
    /// keeps the same bytes for comparing with the blob.
    /// </summary>
    private static async Task<string[]> LinkOutputsAsync(HttpClient http, string id, TempDirectory dir, int count)
    {
        var links = new string[count];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        for (var i = 0; i < count; i++)
        {
            string? path;
            while ((path = OutputFile(await GetAsync(http, id), i)) is null || !File.Exists(path))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"output {i} of {id} never appeared");
                await Task.Delay(100);
            }
            links[i] = dir.File($"link-{i}{Path.GetExtension(path)}");
            var (exit, _, stderr) = await ExternalProcess.RunAsync("ln", [path, links[i]], TimeSpan.FromSeconds(5));
            Assert.True(exit == 0, stderr);
        }
        return links;
    }

    private static async Task<int> WaitForUncommittedBlocksAsync(AzuriteServer azurite, string blobName, int minimum)
    {
        var blob = azurite.CreateClient().GetBlobContainerClient(Container).GetBlockBlobClient(blobName);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(Seconds);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var list = (await blob.GetBlockListAsync(BlockListTypes.All)).Value;
                Assert.Empty(list.CommittedBlocks);                        // nothing is committed before the end
                if (list.UncommittedBlocks.Count() >= minimum) return list.UncommittedBlocks.Count();
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                // no block yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"fewer than {minimum} staged blocks of {blobName} while recording");
    }

    private static async Task<JsonNode> StopAndWaitForUploadAsync(HttpClient http, string id)
    {
        (await http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
        var completed = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(30), "completed", "failed");
        Assert.Equal("completed", completed["state"]!.GetValue<string>());
        return await WaitForUploadAsync(http, id, TimeSpan.FromSeconds(30), o => o["upload"]!["state"]!.GetValue<string>() == "uploaded");
    }

    /// <summary>Polls the capture until every output satisfies <paramref name="condition"/>.</summary>
    private static async Task<JsonNode> WaitForUploadAsync(HttpClient http, string id, TimeSpan timeout, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonNode capture;
        do
        {
            capture = await GetAsync(http, id);
            if (capture["outputs"]!.AsArray().All(o => o!["upload"] is not null && condition(o))) return capture;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"uploads of {id} did not get there: {capture["outputs"]!.ToJsonString()}");
    }

    private async Task AssertUploadedAsync(AzuriteServer azurite, JsonNode capture, int index, string id, string file, string link, TempDirectory dir,
        string? videoCodec)
    {
        var outputNode = capture["outputs"]![index]!;
        output.WriteLine($"{file}: {outputNode.ToJsonString()}");
        var blob = azurite.CreateClient().GetBlobContainerClient(Container).GetBlobClient(BlobName(id, file));
        Assert.Equal(blob.Uri.AbsoluteUri, outputNode["location"]!.GetValue<string>());
        Assert.Equal("uploaded", outputNode["upload"]!["state"]!.GetValue<string>());

        var local = await File.ReadAllBytesAsync(link);
        var downloaded = dir.File("downloaded-" + file);
        await blob.DownloadToAsync(downloaded);
        var remote = await File.ReadAllBytesAsync(downloaded);
        Assert.Equal(local.Length, remote.Length);
        Assert.True(local.AsSpan().SequenceEqual(remote), $"{file}: the blob differs from the local file");
        Assert.Equal(local.Length, outputNode["bytes"]!.GetValue<long>());
        Assert.Equal(local.Length, outputNode["upload"]!["bytesUploaded"]!.GetValue<long>());
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(MD5.HashData(local), properties.ContentHash);
        // The upload is recorded as verified first and the local copy deleted right after (never the other way round).
        var localCopy = Path.Combine(dir.File("data"), "captures", id, file);
        for (var i = 0; i < 50 && File.Exists(localCopy); i++) await Task.Delay(100);
        Assert.False(File.Exists(localCopy), "the local copy is deleted after verification");

        var probe = await MediaProbe.ProbeAsync(downloaded, countFrames: false);
        Assert.Equal(videoCodec, probe.Video?.CodecName);
        Assert.NotNull(probe.Audio);
        Assert.InRange(probe.DurationSeconds, Seconds - 2, Seconds + 2);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(downloaded));
    }

    private static async Task AssertNoSecretsAsync(HttpClient http, TempDirectory dir, string id)
    {
        var resource = await http.GetStringAsync($"/v1/captures/{id}");
        var list = await http.GetStringAsync("/v1/captures");
        var folder = Path.Combine(dir.File("data"), "captures", id);
        foreach (var text in new[] { resource, list, await File.ReadAllTextAsync(Path.Combine(folder, "capture.json")),
                     await File.ReadAllTextAsync(Path.Combine(folder, "upload.json")) })
        {
            Assert.DoesNotContain(AzuriteServer.AccountKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("AccountKey", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task<JsonNode> GetAsync(HttpClient http, string id) => JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{id}"))!;

    /// <summary>Null until the recording started (before that an output has no location).</summary>
    private static string? OutputFile(JsonNode capture, int index) =>
        capture["outputs"]![index]!["location"]?.GetValue<string>() is { } location ? new Uri(location).LocalPath : null;

    private static string LocalPath(JsonNode capture, int index) => new Uri(capture["outputs"]![index]!["location"]!.GetValue<string>()).LocalPath;
}
