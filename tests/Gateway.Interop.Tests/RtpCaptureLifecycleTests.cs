using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;

namespace Gateway.Interop.Tests;

/// <summary>How plain RTP captures end (max duration, silence, BYE) and how their resource and files are served.</summary>
public sealed partial class RtpCaptureLifecycleTests
{
    private static object Request(int? maxDurationSeconds = null) => new
    {
        name = "lifecycle",
        source = new { type = "rtp", sdp = SyncPattern.Sdp(("audio", 0, 0, "PCMU/8000", null)) },
        outputs = new[] { new { type = "mp4" } },
        maxDurationSeconds,
    };

    [Fact]
    public async Task MaxDuration_ends_the_capture_with_a_playable_file_of_that_length()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        using var http = gateway.CreateClient();
        var capture = await gateway.CreateCaptureAsync(http, Request(maxDurationSeconds: 3));
        await using var sender = ExternalProcess.Start("ffmpeg", SyncPattern.PcmuSender(10, Port(capture)));
        var done = await GatewayFactory.WaitForStateAsync(http, capture["id"]!.GetValue<string>(), TimeSpan.FromSeconds(30), "completed", "failed");
        Assert.Equal("maxDuration", done["endReason"]!.GetValue<string>());
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        var probe = await MediaProbe.ProbeAsync(new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath);
        Assert.InRange(probe.DurationSeconds, 1.0, 3.5);
    }

    [Theory]
    [InlineData(false)]  // ffmpeg ends normally and says BYE (-rtpflags send_bye): ends well before the silence timeout
    [InlineData(true)]   // ffmpeg is killed: no BYE, the silence timeout ends it
    public async Task A_source_that_stops_ends_the_capture_with_sourceEnded(bool kill)
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"),
            new Dictionary<string, string?> { ["Gateway:Rtp:SilenceTimeout"] = kill ? "00:00:04" : "00:00:20" });
        using var http = gateway.CreateClient();
        var capture = await gateway.CreateCaptureAsync(http, Request());
        var id = capture["id"]!.GetValue<string>();
        await using (var sender = ExternalProcess.Start("ffmpeg", SyncPattern.PcmuSender(kill ? 30 : 3, Port(capture))))
        {
            if (kill)
            {
                await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(10), "recording");
                await Task.Delay(2000);
            }
            else
            {
                Assert.Equal(0, await sender.WaitForExitAsync(TimeSpan.FromSeconds(20)));
            }
        }                                                   // disposing kills a running sender
        // After BYE the source ends within its 1 s grace; the 20 s silence timeout must not be what ends it.
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(kill ? 20 : 8), "completed", "failed");
        Assert.Equal("sourceEnded", done["endReason"]!.GetValue<string>());
        Assert.Equal("completed", done["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_resource_lists_stops_idempotently_and_serves_the_file_with_ranges()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        string id;
        await using (var gateway = new GatewayFactory(data))
        {
            using var http = gateway.CreateClient();
            var capture = await gateway.CreateCaptureAsync(http, Request());
            id = capture["id"]!.GetValue<string>();
            await using (var sender = ExternalProcess.Start("ffmpeg", SyncPattern.PcmuSender(4, Port(capture))))
                Assert.Equal(0, await sender.WaitForExitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/v1/captures/{id}/stop", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/v1/captures/{id}/stop", null)).StatusCode);
            var unknown = await http.PostAsync("/v1/captures/c_00000000000000000000000000/stop", null);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

            var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(30), "completed");
            var track = done["tracks"]![0]!;
            Assert.Equal("audio", track["kind"]!.GetValue<string>());
            Assert.True(track["packetsReceived"]!.GetValue<long>() > 100);
            Assert.True(track["framesWritten"]!.GetValue<long>() > 100);
            var output = done["outputs"]![0]!;
            Assert.Equal("completed", output["state"]!.GetValue<string>());
            Assert.True(output["bytes"]!.GetValue<long>() > 1000);
            Assert.InRange(output["durationSeconds"]!.GetValue<double>(), 2.5, 5.5);

            var listed = JsonNode.Parse(await http.GetStringAsync("/v1/captures?state=completed"))!.AsArray();
            Assert.Contains(listed, c => c!["id"]!.GetValue<string>() == id);
            Assert.Empty(JsonNode.Parse(await http.GetStringAsync("/v1/captures?state=recording"))!.AsArray());

            using var ranged = new HttpRequestMessage(HttpMethod.Get, $"/v1/captures/{id}/outputs/0");
            ranged.Headers.Range = new RangeHeaderValue(0, 99);
            var part = await http.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal(100, (await part.Content.ReadAsByteArrayAsync()).Length);
            var whole = await http.GetByteArrayAsync($"/v1/captures/{id}/outputs/0");
            Assert.Equal(output["bytes"]!.GetValue<long>(), whole.Length);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/v1/captures/{id}/outputs/7")).StatusCode);
        }

        // After a restart the finished capture is still there.
        await using var restarted = new GatewayFactory(data);
        using var again = restarted.CreateClient();
        var reloaded = JsonNode.Parse(await again.GetStringAsync($"/v1/captures/{id}"))!;
        Assert.Equal("completed", reloaded["state"]!.GetValue<string>());
        Assert.Equal("stopped", reloaded["endReason"]!.GetValue<string>());
    }

    private static int Port(JsonNode capture) =>
        int.Parse(RtpPorts.MediaPort().Match(capture["source"]!["answerSdp"]!.GetValue<string>()).Groups[1].Value, CultureInfo.InvariantCulture);
}
