using System.Net;
using System.Text.Json.Nodes;

namespace Gateway.Api.Tests.Schedules;

/// <summary>Firings on the real Hangfire server over the embedded SQLite storage, including restarts of the gateway.</summary>
public sealed class ScheduleFiringTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("gateway-schedule-tests-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task A_one_off_fires_once_and_its_capture_stops_itself_after_the_duration()
    {
        await using var host = new ScheduleHost(_dataDirectory);
        using var client = host.CreateClient();
        // The first request starts the app: on a loaded machine that alone took longer than a 5 s lead, and the
        // schedule was then refused as being in the past. Start it first; keep a lead the POST itself cannot eat.
        (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();
        var at = DateTimeOffset.UtcNow.AddSeconds(8);
        var schedule = await ScheduleHost.CreateAsync(client, new { at = at.ToString("O"), durationSeconds = 2, capture = ScheduleHost.RtpCapture(maxDurationSeconds: 600) });
        var id = schedule["id"]!.GetValue<string>();

        var fired = await ScheduleHost.WaitForAsync(client, id, s => s["lastFiring"]?["outcome"]?.GetValue<string>() == "started",
            TimeSpan.FromSeconds(25), "a started firing");
        var firing = fired["lastFiring"]!;
        Assert.Equal(at.ToUnixTimeMilliseconds(), firing["at"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
        var firedAt = firing["firedAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange((firedAt - at).TotalSeconds, 0, ScheduleHost.ToleranceSeconds);   // not before its time, not late
        Assert.Single(fired["firings"]!.AsArray());
        Assert.Null(fired["nextFiringAt"]);
        Assert.Equal(1, fired["startedCount"]!.GetValue<long>());

        // The capture carries the link back and ends on its own after durationSeconds (min of 600 and 2).
        var captureId = firing["captureId"]!.GetValue<string>();
        var capture = await WaitForCaptureAsync(client, captureId, TimeSpan.FromSeconds(15));
        Assert.Equal(id, capture["scheduleId"]!.GetValue<string>());
        Assert.Equal("maxDuration", capture["endReason"]!.GetValue<string>());
        // No media was sent: nothing recorded, but the capture still completed by itself.
        Assert.Equal("completed", capture["state"]!.GetValue<string>());
        var lasted = capture["endedAt"]!.GetValue<DateTimeOffset>() - capture["createdAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(lasted.TotalSeconds, 1.9, 5);
        var captures = JsonNode.Parse(await client.GetStringAsync("/v1/captures"))!.AsArray();
        Assert.Single(captures, c => c!["scheduleId"]?.GetValue<string>() == id);
    }

    [Fact]
    public async Task Schedules_survive_a_restart_on_the_same_data_directory()
    {
        string cronId, atId;
        JsonNode cronBefore, atBefore;
        await using (var first = new ScheduleHost(_dataDirectory))
        {
            using var client = first.CreateClient();
            cronBefore = await ScheduleHost.CreateAsync(client, new { name = "yearly", cron = "0 0 1 1 *", timeZone = "America/New_York", durationSeconds = 60, capture = ScheduleHost.RtpCapture() });
            atBefore = await ScheduleHost.CreateAsync(client, new { at = DateTimeOffset.UtcNow.AddHours(1).ToString("O"), durationSeconds = 60, capture = ScheduleHost.RtpCapture() });
            (cronId, atId) = (cronBefore["id"]!.GetValue<string>(), atBefore["id"]!.GetValue<string>());
            Assert.Equal(1, first.PendingJobs());   // the one-off waits in Hangfire's scheduled set
        }

        await using var second = new ScheduleHost(_dataDirectory);
        using var again = second.CreateClient();
        var listed = JsonNode.Parse(await again.GetStringAsync("/v1/schedules"))!.AsArray();
        Assert.Equal([atId, cronId], listed.Select(s => s!["id"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(cronBefore, listed[1]), $"{cronBefore} != {listed[1]}");
        Assert.True(JsonNode.DeepEquals(atBefore, listed[0]), $"{atBefore} != {listed[0]}");
        Assert.Equal(1, second.PendingJobs());

        // Deleting after the restart also removes the Hangfire job behind the one-off.
        using (var deleted = await again.DeleteAsync($"/v1/schedules/{atId}")) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, second.PendingJobs());
    }

    [Fact]
    public async Task A_one_off_missed_while_the_gateway_was_down_is_recorded_missed_and_never_run()
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(5);
        string id;
        await using (var first = new ScheduleHost(_dataDirectory))
        {
            using var client = first.CreateClient();
            id = (await ScheduleHost.CreateAsync(client, new { at = at.ToString("O"), durationSeconds = 2, capture = ScheduleHost.RtpCapture() }))["id"]!.GetValue<string>();
        }
        // Down past the planned instant and the tolerance.
        var wait = at.AddSeconds(ScheduleHost.ToleranceSeconds + 1) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);

        await using var second = new ScheduleHost(_dataDirectory);
        using var again = second.CreateClient();
        var missed = await ScheduleHost.WaitForAsync(again, id, s => s["lastFiring"]?["outcome"]?.GetValue<string>() == "missed",
            TimeSpan.FromSeconds(15), "a missed firing");
        // Hangfire hands the overdue job over after the restart: wait until it has run, then nothing may have started.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (second.PendingJobs() > 0 && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.True(second.PendingJobs() == 0, second.DescribeJobs());

        var schedule = JsonNode.Parse(await again.GetStringAsync($"/v1/schedules/{id}"))!;
        var firing = Assert.Single(schedule["firings"]!.AsArray())!;
        Assert.Equal("missed", firing["outcome"]!.GetValue<string>());
        Assert.Equal(at.ToUnixTimeMilliseconds(), firing["at"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
        Assert.Null(firing["captureId"]);
        Assert.Null(schedule["nextFiringAt"]);
        Assert.Equal((1, 0), (schedule["missedCount"]!.GetValue<long>(), schedule["startedCount"]!.GetValue<long>()));
        Assert.Empty(JsonNode.Parse(await again.GetStringAsync("/v1/captures"))!.AsArray());
        Assert.NotNull(missed);
    }

    [Fact]
    public async Task Cron_occurrences_missed_while_down_are_recorded_missed_and_never_run_late()
    {
        string id;
        var cron = new { cron = "*/2 * * * * *", durationSeconds = 1, capture = ScheduleHost.RtpCapture() };
        await using (var first = new ScheduleHost(_dataDirectory))
        {
            using var client = first.CreateClient();
            id = (await ScheduleHost.CreateAsync(client, cron))["id"]!.GetValue<string>();
            await ScheduleHost.WaitForAsync(client, id, s => s["startedCount"]!.GetValue<long>() >= 1, TimeSpan.FromSeconds(10), "a first firing");
        }
        var stopped = DateTimeOffset.UtcNow;   // no Hangfire server runs from here ...
        await Task.Delay(TimeSpan.FromSeconds(ScheduleHost.ToleranceSeconds + 4));   // at least 3 occurrences pass while down
        var restarted = DateTimeOffset.UtcNow;  // ... to here

        await using var second = new ScheduleHost(_dataDirectory);
        using var again = second.CreateClient();
        var schedule = await ScheduleHost.WaitForAsync(again, id,
            s => s["firings"]!.AsArray().Any(f => f!["outcome"]!.GetValue<string>() == "started" && f["at"]!.GetValue<DateTimeOffset>() > restarted),
            TimeSpan.FromSeconds(10), "a firing after the restart");
        using (var deleted = await again.DeleteAsync($"/v1/schedules/{id}")) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var firings = schedule["firings"]!.AsArray().Select(f => f!).Reverse().ToList();   // oldest first
        var instants = firings.Select(f => f["at"]!.GetValue<DateTimeOffset>()).ToList();
        for (var i = 1; i < instants.Count; i++) Assert.Equal(TimeSpan.FromSeconds(2), instants[i] - instants[i - 1]);   // no gaps, no doubles
        // Hangfire (Ignorable) still triggers an occurrence its first poll finds less than two polling intervals (1 s)
        // old: that one may run, on time by the tolerance. Everything older is missed.
        var down = firings.Where(f => f["at"]!.GetValue<DateTimeOffset>() > stopped
            && f["at"]!.GetValue<DateTimeOffset>() < restarted.AddSeconds(-1)).ToList();
        Assert.True(down.Count >= 2, $"expected occurrences while down: {schedule}");
        Assert.All(down, f => Assert.Equal("missed", f["outcome"]!.GetValue<string>()));
        // Whatever started, started on time: nothing was run late after the restart.
        var captures = JsonNode.Parse(await again.GetStringAsync("/v1/captures"))!.AsArray().Select(c => c!).ToDictionary(c => c["id"]!.GetValue<string>());
        foreach (var firing in firings.Where(f => f["outcome"]!.GetValue<string>() == "started" && captures.ContainsKey(f["captureId"]!.GetValue<string>())))
        {
            var late = captures[firing["captureId"]!.GetValue<string>()]["createdAt"]!.GetValue<DateTimeOffset>() - firing["at"]!.GetValue<DateTimeOffset>();
            Assert.InRange(late.TotalSeconds, 0, ScheduleHost.ToleranceSeconds);
        }
    }

    private static async Task<JsonNode> WaitForCaptureAsync(HttpClient client, string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonNode? capture = null;
        while (DateTime.UtcNow < deadline)
        {
            capture = JsonNode.Parse(await client.GetStringAsync($"/v1/captures/{id}"))!;
            if (capture["state"]!.GetValue<string>() is "completed" or "failed") return capture;
            await Task.Delay(200);
        }
        throw new TimeoutException($"capture {id} did not end within {timeout}: {capture}");
    }
}
