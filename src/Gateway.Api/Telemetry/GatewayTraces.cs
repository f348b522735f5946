using Microsoft.Extensions.Configuration;

namespace Gateway.Api.Telemetry;

/// <summary>
/// Activity sources traced: the API request (ASP.NET Core's own source), outgoing HTTP (webhooks, storage) and the
/// worker's captures. One trace runs from <c>POST /v1/captures</c> through the capture to its upload.
/// </summary>
public static class GatewayTraces
{
    public static readonly string[] Sources =
    [
        "Microsoft.AspNetCore",
        "System.Net.Http",
        Worker.Telemetry.GatewayActivities.SourceName,
    ];

    /// <summary>The OTLP endpoint from <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (environment or configuration), or null.</summary>
    public static string? OtlpEndpoint(IConfiguration configuration) =>
        configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } endpoint ? endpoint : null;
}
