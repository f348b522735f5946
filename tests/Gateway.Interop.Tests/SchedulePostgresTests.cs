using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Gateway.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Issue 6 acceptance: two gateway nodes (own data directories) share schedules through one real PostgreSQL, and a
/// recurring schedule's firings each create exactly one capture across both nodes.
/// </summary>
public sealed class SchedulePostgresTests(ITestOutputHelper output)
{
    private static Dictionary<string, string?> NodeSettings(string connectionString)
    {
        var low = FreePorts.UdpPair();
        return new Dictionary<string, string?>
        {
            ["Gateway:Hangfire:PostgreSql"] = connectionString,
            ["Gateway:Hangfire:PollingInterval"] = "00:00:00.500",
            ["Gateway:Hangfire:MissedFiringTolerance"] = "00:00:05",
            ["Gateway:Rtp:PortRange"] = $"{low}-{low + 39}",
        };
    }

    [Fact]
    public async Task Two_nodes_on_one_postgresql_run_each_firing_exactly_once()
    {
        await using var postgres = await PostgresServer.StartAsync("hangfire");
        using var dir = new TempDirectory("gateway-pg-nodes");
        await using var nodeA = new GatewayFactory(Path.Combine(dir.Path, "a"), NodeSettings(postgres.ConnectionString()));
        using var httpA = nodeA.CreateClient();
        // Node A installs the schema before node B starts; then both run Hangfire servers on the same database.
        Assert.Equal(HttpStatusCode.OK, (await httpA.GetAsync("/v1/schedules")).StatusCode);
        await using var nodeB = new GatewayFactory(Path.Combine(dir.Path, "b"), NodeSettings(postgres.ConnectionString()));
        using var httpB = nodeB.CreateClient();

        var created = await httpA.PostAsJsonAsync("/v1/schedules", new
        {
            name = "every-2s",
            cron = "*/2 * * * * *",
            durationSeconds = 1,
            capture = new
            {
                source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1")) },
                outputs = new[] { new { type = "mp4" } },
            },
        });
        var createdBody = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, createdBody);
        var id = JsonNode.Parse(createdBody)!["id"]!.GetValue<string>();
        // The other node sees the schedule at once: it lives in the shared storage.
        Assert.Equal(HttpStatusCode.OK, (await httpB.GetAsync($"/v1/schedules/{id}")).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(11));
        // The ledger as node B sees it, then stop the firings (a firing may slip in between: at most one more).
        var schedule = JsonNode.Parse(await httpB.GetStringAsync($"/v1/schedules/{id}"))!;
        Assert.Equal(HttpStatusCode.NoContent, (await httpB.DeleteAsync($"/v1/schedules/{id}")).StatusCode);
        await WaitUntilIdleAsync(nodeA, nodeB);

        var capturesA = await SchedulesCapturesAsync(httpA, id);
        var capturesB = await SchedulesCapturesAsync(httpB, id);
        var firings = schedule["firings"]!.AsArray().Select(f => f!).Reverse().ToList();   // oldest first
        output.WriteLine($"node A: {capturesA.Count} captures, node B: {capturesB.Count}; firings: {string.Join(", ",
            firings.Select(f => $"{f["at"]!.GetValue<DateTimeOffset>():HH:mm:ss} {f["outcome"]} {f["captureId"]}"))}");

        // Every planned instant (every 2 s) from the first firing on is accounted for exactly once.
        var instants = firings.Select(f => f["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.True(instants.Count >= 4, $"expected at least 4 firings in 11 s: {schedule}");
        for (var i = 1; i < instants.Count; i++) Assert.Equal(TimeSpan.FromSeconds(2), instants[i] - instants[i - 1]);
        var started = firings.Where(f => f["outcome"]!.GetValue<string>() == "started").ToList();
        Assert.True(started.Count >= 3, $"expected at least 3 started firings: {schedule}");
        // "starting": a node was creating the capture just as the ledger was read.
        Assert.All(firings, f => Assert.Contains(f["outcome"]!.GetValue<string>(), new[] { "started", "missed", "starting" }));
        var starting = firings.Count(f => f["outcome"]!.GetValue<string>() == "starting");
        Assert.InRange(starting, 0, 1);

        // Exactly once: each started firing has one capture, on one node, linked to the schedule, stopped by itself.
        var all = capturesA.Concat(capturesB).ToDictionary(c => c["id"]!.GetValue<string>());
        Assert.Empty(capturesA.Select(c => c["id"]!.GetValue<string>()).Intersect(capturesB.Select(c => c["id"]!.GetValue<string>())));
        foreach (var firing in started)
        {
            var capture = all[firing["captureId"]!.GetValue<string>()];
            var late = capture["createdAt"]!.GetValue<DateTimeOffset>() - firing["at"]!.GetValue<DateTimeOffset>();
            Assert.InRange(late.TotalSeconds, 0, 5);
        }
        Assert.InRange(all.Count - started.Count, 0, 1 + starting);   // in flight when read, or slipped in before the delete
        foreach (var capture in all.Values)
        {
            Assert.Equal(id, capture["scheduleId"]!.GetValue<string>());
            Assert.Equal("maxDuration", capture["endReason"]?.GetValue<string>());
        }
    }

    private static async Task WaitUntilIdleAsync(params GatewayFactory[] nodes)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var pending = nodes.Sum(n =>
            {
                var monitoring = n.Services.GetRequiredService<JobStorageProvider>().Storage.GetMonitoringApi();
                return monitoring.ProcessingCount() + monitoring.Queues().Sum(q => q.Length);
            });
            var running = 0;
            foreach (var node in nodes)
            {
                using var http = node.CreateClient();
                running += JsonNode.Parse(await http.GetStringAsync("/v1/captures"))!.AsArray()
                    .Count(c => c!["state"]!.GetValue<string>() is not ("completed" or "failed"));
            }
            if (pending == 0 && running == 0) return;
            await Task.Delay(200);
        }
        throw new TimeoutException("jobs or captures still running 20 s after the schedule was deleted");
    }

    private static async Task<List<JsonNode>> SchedulesCapturesAsync(HttpClient http, string scheduleId) =>
        JsonNode.Parse(await http.GetStringAsync("/v1/captures"))!.AsArray()
            .Where(c => c!["scheduleId"]?.GetValue<string>() == scheduleId).Select(c => c!).ToList();
}
