using Gateway.Worker.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gateway.Api.Health;

/// <summary>Ready only when the configured FFmpeg runs: every capture needs it.</summary>
internal sealed class FfmpegHealthCheck(IOptionsMonitor<GatewayOptions> options, FfmpegProbe probe) : IHealthCheck
{
    public const string Name = "ffmpeg";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = await probe.ProbeAsync(options.CurrentValue.FFmpegPath, cancellationToken);
        // The reason stays in the log: /readyz is unauthenticated and paths or versions are nobody else's business.
        return result.Found
            ? HealthCheckResult.Healthy("FFmpeg answered -version.")
            : HealthCheckResult.Unhealthy("FFmpeg was not found or did not answer -version (see the gateway log).");
    }
}
