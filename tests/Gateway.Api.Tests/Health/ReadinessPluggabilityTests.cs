using System.Net;
using Gateway.Api.Health;
using Gateway.Api.Problems;
using Gateway.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Api.Tests.Health;

public sealed class ReadinessPluggabilityTests
{
    [Fact]
    public async Task A_check_tagged_ready_by_a_later_layer_takes_part_in_readyz()
    {
        using var factory = new GatewayFactory(configureServices: services => services.AddHealthChecks()
            .AddCheck("jobStorage", () => HealthCheckResult.Unhealthy("storage down"), tags: [HealthTags.Ready])
            .AddCheck("notForReadiness", () => HealthCheckResult.Unhealthy("ignored")));
        using var client = factory.CreateClient();

        var body = await ProblemAssert.IsProblemAsync(await client.GetAsync("/readyz"), HttpStatusCode.ServiceUnavailable, ProblemTypes.NotReady);

        Assert.Equal("Failing checks: jobStorage.", body.GetProperty("detail").GetString());
        var checks = body.GetProperty("checks");
        Assert.Equal("storage down", checks.GetProperty("jobStorage").GetProperty("description").GetString());
        Assert.False(checks.TryGetProperty("notForReadiness", out _));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode); // liveness runs no checks
    }

    [Fact]
    public async Task A_degraded_check_keeps_the_gateway_ready()
    {
        using var factory = new GatewayFactory(configureServices: services => services.AddHealthChecks()
            .AddCheck("jobStorage", () => HealthCheckResult.Degraded("slow"), tags: [HealthTags.Ready]));
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\":\"degraded\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
