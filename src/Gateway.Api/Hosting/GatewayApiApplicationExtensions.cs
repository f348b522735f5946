using Gateway.Api.Endpoints;
using Gateway.Api.Hangfire;
using Gateway.Api.Logging;
using Gateway.Api.Security;
using OpenTelemetry.Metrics;

namespace Gateway.Api.Hosting;

/// <summary>The middleware pipeline and the endpoints outside <c>/v1</c>. Feature endpoints add one line each in Program.cs.</summary>
public static class GatewayApiApplicationExtensions
{
    /// <summary>
    /// Order matters: request logging sees the final status; the exception handler and status code pages turn every
    /// error below them into problem details; the access policy guards /v1 and /hangfire before any endpoint runs.
    /// </summary>
    public static WebApplication UseGatewayApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<AccessPolicyMiddleware>();
        app.UseCors();
        return app;
    }

    public static WebApplication MapGatewayEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealth();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapApiDocs();
        app.MapCaptures();
        app.MapHls();
        app.MapThumbnails();
        app.MapPlayer();
        app.MapWhip();
        app.MapWhep();
        app.MapSchedules();
        app.MapGatewayDashboard();
        return app;
    }
}
