using System.Net;
using Gateway.Api.Tests.Infrastructure;

namespace Gateway.Api.Tests.Health;

/// <summary>Meters are process-wide: a listener sees every host's "Gateway" meter, so these run alone.</summary>
[Collection(RunsAloneCollection.Name)]
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_expose_http_runtime_and_gateway_meters_in_prometheus_text()
    {
        using var factory = new GatewayFactory(remoteAddress: IPAddress.Parse("198.51.100.9"));
        using var client = factory.CreateClient();
        (await client.GetAsync("/healthz")).Dispose();
        (await client.GetAsync("/v1/anything")).Dispose(); // refused: not loopback, no keys

        using var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_heap_total_allocated_bytes_total", text, StringComparison.Ordinal);
        var rejected = text.Split('\n').Single(l => l.StartsWith("gateway_api_requests_rejected_total{", StringComparison.Ordinal));
        Assert.Contains("reason=\"not_loopback\"", rejected, StringComparison.Ordinal);
        Assert.EndsWith(" 1", rejected.TrimEnd(), StringComparison.Ordinal);
    }
}
