using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Worker.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.Tests.Schedules;

/// <summary>
/// The real Program on a data directory the test owns, so a second host can start on the same one (a restart).
/// Hangfire polls fast and the missed-firing tolerance is short, so firings happen within the test's patience.
/// </summary>
internal sealed class ScheduleHost(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const int ToleranceSeconds = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Gateway:DataDirectory", dataDirectory);
        builder.UseSetting("Gateway:WebRtc:UdpPort", "0");   // a free port: several hosts run at once
        builder.UseSetting("Gateway:WebRtc:Addresses:0", "127.0.0.1");
        builder.UseSetting("Gateway:Hangfire:PollingInterval", "00:00:00.500");
        builder.UseSetting("Gateway:Hangfire:MissedFiringTolerance", $"00:00:0{ToleranceSeconds}");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }

    /// <summary>What Hangfire still holds, for failure messages.</summary>
    public string DescribeJobs()
    {
        var monitoring = Services.GetRequiredService<JobStorageProvider>().Storage.GetMonitoringApi();
        var queues = string.Join(", ", monitoring.Queues().Select(q => $"{q.Name}: {q.Length} queued, {q.Fetched} fetched"));
        return $"scheduled {monitoring.ScheduledCount()}, processing {monitoring.ProcessingCount()}, {queues}, " +
            $"succeeded {monitoring.SucceededListCount()}, failed {monitoring.FailedCount()}, deleted {monitoring.DeletedListCount()}";
    }

    /// <summary>Jobs Hangfire still has to run (scheduled, enqueued or processing).</summary>
    public long PendingJobs()
    {
        var monitoring = Services.GetRequiredService<JobStorageProvider>().Storage.GetMonitoringApi();
        return monitoring.ScheduledCount() + monitoring.ProcessingCount()
            + monitoring.Queues().Sum(q => q.Length);
    }

    public static async Task<JsonNode> CreateAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/v1/schedules", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        var schedule = JsonNode.Parse(body)!;
        Assert.Equal($"/v1/schedules/{schedule["id"]}", response.Headers.Location?.OriginalString);
        return schedule;
    }

    /// <summary>Polls the schedule until <paramref name="done"/> holds.</summary>
    public static async Task<JsonNode> WaitForAsync(HttpClient client, string id, Func<JsonNode, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonNode? schedule = null;
        while (DateTime.UtcNow < deadline)
        {
            schedule = JsonNode.Parse(await client.GetStringAsync($"/v1/schedules/{id}"))!;
            if (done(schedule)) return schedule;
            await Task.Delay(200);
        }
        throw new TimeoutException($"schedule {id}: {what} not reached within {timeout}: {schedule}");
    }

    public static object RtpCapture(int? maxDurationSeconds = null) => new
    {
        name = "scheduled",
        source = new
        {
            type = "rtp",
            sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\nc=IN IP4 127.0.0.1\r\na=rtpmap:96 H264/90000\r\n",
        },
        outputs = new[] { new { type = "mp4" } },
        maxDurationSeconds,
    };
}
