using Gateway.Api.Health;
using Gateway.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Api.Endpoints;

/// <summary><c>/healthz</c> (process alive) and <c>/readyz</c> (every check tagged <see cref="HealthTags.Ready"/>).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Health");
        group.MapGet("/healthz", Live).WithName("Liveness").WithSummary("The process is alive and serving HTTP.");
        group.MapGet("/readyz", ReadyAsync).WithName("Readiness")
            .WithSummary("FFmpeg runs, the data directory is writable and job storage is reachable.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static Ok<LivenessReport> Live(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new LivenessReport("healthy"));
    }

    private static async Task<Results<Ok<ReadinessReport>, ProblemHttpResult>> ReadyAsync(
        HealthCheckService health, HttpResponse response, CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-store";
        var report = await health.CheckHealthAsync(r => r.Tags.Contains(HealthTags.Ready), cancellationToken);
        var checks = report.Entries.ToDictionary(
            e => e.Key,
            e => new ReadinessCheck(Lower(e.Value.Status), e.Value.Description, Math.Round(e.Value.Duration.TotalMilliseconds, 1)));
        if (report.Status != HealthStatus.Unhealthy) return TypedResults.Ok(new ReadinessReport(Lower(report.Status), checks));

        var failing = checks.Where(c => c.Value.Status == "unhealthy").Select(c => c.Key);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Type = ProblemTypes.NotReady,
            Title = "The gateway is not ready",
            Detail = $"Failing checks: {string.Join(", ", failing)}.",
            Extensions = { ["checks"] = checks },
        };
        return TypedResults.Problem(problem);
    }

    private static string Lower(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
