using Gateway.Api.Logging;
using Gateway.Worker.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gateway.Api.Health;

/// <summary>
/// Ready only when a file can be created in the data directory: recordings and the job database go there.
/// Creates the directory when missing, so a fresh checkout is ready at once. Permission bits alone would not
/// tell (root ignores them), so it really writes and deletes a probe file.
/// </summary>
internal sealed class DataDirectoryHealthCheck(IOptionsMonitor<GatewayOptions> options, ILogger<DataDirectoryHealthCheck> logger) : IHealthCheck
{
    public const string Name = "dataDirectory";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetFullPath(options.CurrentValue.DataDirectory);
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".ready-{Guid.NewGuid():N}.tmp");
            await using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                stream.WriteByte(1);
                await stream.FlushAsync(cancellationToken);
            }
            return HealthCheckResult.Healthy("The data directory is writable.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.DataDirectoryNotWritable(ex, directory);
            return HealthCheckResult.Unhealthy("The data directory cannot be created or written (see the gateway log).");
        }
    }
}
