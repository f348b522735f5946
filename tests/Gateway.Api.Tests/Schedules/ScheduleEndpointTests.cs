using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Api.Endpoints;
using Gateway.Api.Tests.Infrastructure;
using Gateway.Worker.Jobs;
using Gateway.Worker.Hosting;
using Gateway.Worker.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Api.Tests.Schedules;

/// <summary>CRUD and validation of /v1/schedules on the embedded SQLite job storage.</summary>
public sealed class ScheduleEndpointTests
{
    private static readonly object Capture = ScheduleHost.RtpCapture();

    [Fact]
    public async Task A_cron_schedule_is_created_listed_read_and_deleted()
    {
        using var factory = new GatewayFactory();
        using var client = factory.CreateClient();
        var before = DateTimeOffset.UtcNow;

        var created = await ScheduleHost.CreateAsync(client, new
        {
            name = "standup", cron = "0 9 * * MON-FRI", timeZone = "Europe/Berlin", durationSeconds = 1800, capture = Capture,
        });

        var id = created["id"]!.GetValue<string>();
        Assert.StartsWith("s_", id, StringComparison.Ordinal);
        Assert.Equal("standup", created["name"]!.GetValue<string>());
        Assert.Equal("0 9 * * MON-FRI", created["cron"]!.GetValue<string>());
        Assert.Equal("Europe/Berlin", created["timeZone"]!.GetValue<string>());
        Assert.Equal(1800, created["durationSeconds"]!.GetValue<int>());
        Assert.Equal("rtp", created["capture"]!["source"]!["type"]!.GetValue<string>());
        Assert.Null(created["at"]);
        Assert.Empty(created["firings"]!.AsArray());
        // Next firing: 09:00 in Berlin on a weekday, after now.
        var next = created["nextFiringAt"]!.GetValue<DateTimeOffset>();
        var berlin = TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.True(next > before);
        Assert.Equal((9, 0, 0), (berlin.Hour, berlin.Minute, berlin.Second));
        Assert.NotEqual(DayOfWeek.Saturday, berlin.DayOfWeek);
        Assert.NotEqual(DayOfWeek.Sunday, berlin.DayOfWeek);

        // Behind it: a Hangfire recurring job that skips occurrences missed while no node ran (Ignorable = 2).
        var storage = factory.Services.GetRequiredService<JobStorageProvider>().Storage;
        using (var connection = storage.GetConnection())
        {
            var job = connection.GetAllEntriesFromHash($"recurring-job:{id}");
            Assert.Equal(("0 9 * * MON-FRI", "Europe/Berlin", "2"), (job["Cron"], job["TimeZoneId"], job["Misfire"]));
        }

        var read = JsonNode.Parse(await client.GetStringAsync($"/v1/schedules/{id}"))!;
        Assert.True(JsonNode.DeepEquals(created, read), $"{created} != {read}");
        var listed = JsonNode.Parse(await client.GetStringAsync("/v1/schedules"))!.AsArray();
        Assert.Equal([id], listed.Select(s => s!["id"]!.GetValue<string>()));

        using (var deleted = await client.DeleteAsync($"/v1/schedules/{id}")) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using (var connection = storage.GetConnection()) Assert.Null(connection.GetAllEntriesFromHash($"recurring-job:{id}"));
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/v1/schedules/{id}"), HttpStatusCode.NotFound, ScheduleProblems.NotFound);
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/v1/schedules/{id}"), HttpStatusCode.NotFound, ScheduleProblems.NotFound);
        Assert.Empty(JsonNode.Parse(await client.GetStringAsync("/v1/schedules"))!.AsArray());
    }

    [Fact]
    public async Task A_one_off_lists_newest_first_and_secrets_of_the_template_are_not_echoed()
    {
        using var factory = new GatewayFactory();
        using var client = factory.CreateClient();
        var at = DateTimeOffset.UtcNow.AddHours(1);
        var first = await ScheduleHost.CreateAsync(client, new { cron = "*/5 * * * *", durationSeconds = 60, capture = Capture });
        var second = await ScheduleHost.CreateAsync(client, new
        {
            at = at.ToString("O"), durationSeconds = 60,
            capture = new
            {
                source = new { type = "whep", url = "http://127.0.0.1:9/whep", bearerToken = "whep-secret-4711" },
                outputs = new object[] { new { type = "rtmp", url = "rtmp://127.0.0.1/app/stream-key-4711" } },
            },
        });

        Assert.Equal(at.ToUnixTimeMilliseconds(), second["at"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
        Assert.Equal(second["at"]!.GetValue<DateTimeOffset>(), second["nextFiringAt"]!.GetValue<DateTimeOffset>());
        Assert.Null(second["cron"]);
        Assert.Equal("UTC", first["timeZone"]!.GetValue<string>());   // default
        var listedText = await client.GetStringAsync("/v1/schedules");
        var listed = JsonNode.Parse(listedText)!.AsArray();
        Assert.Equal([second["id"]!.GetValue<string>(), first["id"]!.GetValue<string>()], listed.Select(s => s!["id"]!.GetValue<string>()));
        Assert.DoesNotContain("4711", listedText, StringComparison.Ordinal);
        Assert.DoesNotContain("4711", second.ToJsonString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> InvalidRequests()
    {
        var capture = JsonSerializer.Serialize(Capture);
        var future = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        return new TheoryData<string, string>
        {
            { $$"""{"cron":"61 * * * *","durationSeconds":60,"capture":{{capture}}}""", "cron" },
            { $$"""{"cron":"* * *","durationSeconds":60,"capture":{{capture}}}""", "cron" },
            { $$"""{"cron":"0 9 * * *","timeZone":"Mars/Olympus","durationSeconds":60,"capture":{{capture}}}""", "timeZone" },
            { $$"""{"cron":"0 9 * * *","at":"{{future}}","durationSeconds":60,"capture":{{capture}}}""", "at" },
            { $$"""{"durationSeconds":60,"capture":{{capture}}}""", "cron" },
            { $$"""{"at":"2020-01-01T00:00:00Z","durationSeconds":60,"capture":{{capture}}}""", "at" },
            { $$"""{"at":"2099-01-01T00:00:00","durationSeconds":60,"capture":{{capture}}}""", "at" },   // no offset
            { $$"""{"at":"tomorrow","durationSeconds":60,"capture":{{capture}}}""", "at" },
            { $$"""{"cron":"0 9 * * *","durationSeconds":0,"capture":{{capture}}}""", "durationSeconds" },
            { $$"""{"cron":"0 9 * * *","capture":{{capture}}}""", "durationSeconds" },
            { """{"cron":"0 9 * * *","durationSeconds":60}""", "capture" },
            { """{"cron":"0 9 * * *","durationSeconds":60,"capture":{"source":{"type":"ftp"},"outputs":[{"type":"mp4"}]}}""", "capture.source.type" },
            { """{"cron":"0 9 * * *","durationSeconds":60,"capture":{"source":{"type":"rtp","sdp":"v=0"}}}""", "capture.outputs" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_request_is_a_400_naming_the_field_and_stores_nothing(string json, string field)
    {
        using var factory = new GatewayFactory();
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/v1/schedules", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var body = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, ScheduleProblems.InvalidSchedule);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no '{field}' in {errors}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Empty(JsonNode.Parse(await client.GetStringAsync("/v1/schedules"))!.AsArray());
    }

    [Theory]
    [InlineData("s_01JDZZZZZZZZZZZZZZZZZZZZZZ")]   // well formed, unknown
    [InlineData("..%2F..%2Fetc")]
    [InlineData("c_01JDZZZZZZZZZZZZZZZZZZZZZZ")]   // a capture id
    public async Task An_unknown_schedule_is_404(string id)
    {
        using var factory = new GatewayFactory();
        using var client = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/v1/schedules/{id}"), HttpStatusCode.NotFound, ScheduleProblems.NotFound);
        await ProblemAssert.IsProblemAsync(await client.DeleteAsync($"/v1/schedules/{id}"), HttpStatusCode.NotFound, ScheduleProblems.NotFound);
    }

    [Fact]
    public async Task Schedules_need_the_api_key_like_the_rest_of_v1()
    {
        using var factory = new GatewayFactory(new Dictionary<string, string?> { ["Gateway:ApiKeys:0"] = "k3y-0123456789abcdef-long-enough" });
        using var client = factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/v1/schedules", new { cron = "0 9 * * *", durationSeconds = 60, capture = Capture });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Without_job_storage_the_gateway_still_starts_and_schedules_answer_503()
    {
        // A data directory below a regular file can never be created: the SQLite job storage cannot open.
        var file = Path.GetTempFileName();
        try
        {
            using var factory = new GatewayFactory(new Dictionary<string, string?> { ["Gateway:DataDirectory"] = Path.Combine(file, "data") });
            using var client = factory.CreateClient();
            using var create = await client.PostAsJsonAsync("/v1/schedules", new { cron = "0 9 * * *", durationSeconds = 60, capture = Capture });
            var body = await ProblemAssert.IsProblemAsync(create, HttpStatusCode.ServiceUnavailable, ScheduleProblems.StorageUnavailable);
            Assert.DoesNotContain(file, body.ToString(), StringComparison.Ordinal);   // the path stays in the log
            await ProblemAssert.IsProblemAsync(await client.GetAsync("/v1/schedules"), HttpStatusCode.ServiceUnavailable, ScheduleProblems.StorageUnavailable);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/hangfire")).StatusCode);

            using var readiness = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
            var checks = JsonDocument.Parse(await readiness.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
            Assert.Equal("unhealthy", checks.GetProperty("hangfire").GetProperty("status").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("Gateway:Hangfire:PollingInterval", "00:00:00", "PollingInterval")]
    [InlineData("Gateway:Hangfire:MissedFiringTolerance", "00:00:00.500", "MissedFiringTolerance")]
    [InlineData("Gateway:Hangfire:MissedFiringTolerance", "00:00:09", "at least twice Gateway:Hangfire:PollingInterval")]
    public void Bad_job_settings_are_rejected_naming_them(string key, string value, string expected)
    {
        // Resolved from the container rather than by starting a host: a host that fails at once races
        // WebApplicationFactory (ObjectDisposedException instead of the validation message).
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddGatewayOptions(configuration).AddGatewayWorker();
        using var provider = services.BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HangfireOptions>>().Value);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }
}
