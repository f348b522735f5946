using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Api.Tests.Infrastructure;
using Gateway.Worker.Telemetry;

namespace Gateway.Api.Tests.Telemetry;

/// <summary>One trace from the API request into the capture, and the capture's id on every log line it causes.</summary>
public sealed class CaptureTracingTests
{
    [Fact]
    public async Task A_capture_is_traced_under_the_request_that_created_it_and_its_logs_carry_its_id()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Microsoft.AspNetCore" or GatewayActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using var factory = new GatewayFactory();
        using var http = factory.CreateClient();
        var created = await http.PostAsJsonAsync("/v1/captures", new { source = new { type = "whip" }, outputs = new[] { new { type = "mp4" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        await http.PostAsync($"/v1/captures/{id}/stop", null);

        Activity? capture = null;
        for (var i = 0; i < 100 && capture is null; i++)
        {
            await Task.Delay(100);
            capture = stopped.FirstOrDefault(a => a.OperationName == "capture" && Equals(a.GetTagItem(GatewayActivities.CaptureIdTag), id));
        }
        Assert.NotNull(capture);
        var create = Assert.Single(stopped, a => a.OperationName == "capture.create" && Equals(a.GetTagItem(GatewayActivities.CaptureIdTag), id));
        var request = Assert.Single(stopped, a => a.Source.Name == "Microsoft.AspNetCore" && a.SpanId == create.ParentSpanId);
        Assert.Equal(request.TraceId, capture.TraceId);
        Assert.Equal(create.SpanId, capture.ParentSpanId);
        Assert.Contains(capture.Events, e => e.Name == "state.waiting");
        Assert.Contains(capture.Events, e => e.Name == "state.stopping");

        // The runner's state changes are logged inside the capture's scope.
        var stateLogs = factory.Logs.Entries.Where(e => e.Message.Contains(id, StringComparison.Ordinal) && e.Message.Contains("stopping", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(stateLogs);
        Assert.All(stateLogs, e => Assert.Equal(id, e.Scopes?.GetValueOrDefault("CaptureId")));
    }
}
