using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Api.Endpoints;
using Gateway.Api.Tests.Infrastructure;
using Gateway.Worker.Disk;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.Tests.Disk;

/// <summary>
/// Free-disk limits (issue "Jobs, schedules…", limits): a nearly full data directory refuses new captures with 507 and
/// stops running ones with endReason error and a reason, while the gateway stays healthy. The free space is faked.
/// </summary>
public sealed class DiskSpaceTests : IDisposable
{
    private sealed class FakeFreeSpace : IFreeSpaceProbe
    {
        public long? Bytes { get; set; } = 100L << 30;

        public long? AvailableBytes(string path) => Bytes;
    }

    private readonly FakeFreeSpace _disk = new();
    private readonly GatewayFactory _factory;
    private readonly HttpClient _http;

    public DiskSpaceTests()
    {
        _factory = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Gateway:MinFreeDiskMegabytes"] = "1024",
            ["Gateway:StopFreeDiskMegabytes"] = "256",
        }, configureServices: services => services.AddSingleton<IFreeSpaceProbe>(_disk));
        _http = _factory.CreateClient();
    }

    public void Dispose()
    {
        _http.Dispose();
        _factory.Dispose();
    }

    private static readonly object Request = new { source = new { type = "whip" }, outputs = new[] { new { type = "mp4" } } };

    [Fact]
    public async Task Below_the_start_threshold_new_captures_get_507_until_space_returns()
    {
        _disk.Bytes = 900L << 20;
        using var refused = await _http.PostAsJsonAsync("/v1/captures", Request);
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.InsufficientStorage, CaptureProblems.InsufficientStorage);
        Assert.Contains("900 MB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/healthz")).StatusCode);
        Assert.Empty(JsonNode.Parse(await _http.GetStringAsync("/v1/captures"))!.AsArray());

        _disk.Bytes = 2L << 30;
        using var accepted = await _http.PostAsJsonAsync("/v1/captures", Request);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task Below_the_stop_threshold_running_captures_end_with_error_and_the_reason()
    {
        using var created = await _http.PostAsJsonAsync("/v1/captures", Request);
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        _disk.Bytes = 100L << 20;
        JsonNode capture;
        var deadline = DateTime.UtcNow + DiskSpaceGuard.Interval * 5;
        do
        {
            await Task.Delay(50);
            capture = JsonNode.Parse(await _http.GetStringAsync($"/v1/captures/{id}"))!;
        }
        while (capture["state"]!.GetValue<string>() is not ("completed" or "failed") && DateTime.UtcNow < deadline);
        Assert.Equal(("failed", "error"), (capture["state"]!.GetValue<string>(), capture["endReason"]!.GetValue<string>()));
        Assert.Contains("nearly full", capture["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/healthz")).StatusCode);
    }
}
