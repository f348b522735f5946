using Gateway.Worker.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Api.Hangfire;

/// <summary>Readiness: the job storage (SQLite file or PostgreSQL) opens and answers a query.</summary>
internal sealed class JobStorageHealthCheck(JobStorageProvider storage) : IHealthCheck
{
    public const string Name = "hangfire";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The reason (a path, a connection error) goes to the log by the provider, not into the response.
        if (!storage.TryGet(out var jobStorage))
            return Task.FromResult(HealthCheckResult.Unhealthy($"The {storage.Kind} job storage cannot be opened."));
        try
        {
            using var connection = jobStorage.GetConnection();
            connection.GetAllItemsFromSet("gateway:schedules");
            return Task.FromResult(HealthCheckResult.Healthy($"{storage.Kind} job storage answers."));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The {storage.Kind} job storage does not answer.", ex));
        }
    }
}
