using Gateway.Api.Hangfire;
using Gateway.Api.Health;
using Gateway.Api.Problems;
using Gateway.Api.Security;
using Gateway.Api.Telemetry;
using Gateway.Worker.Hosting;
using Gateway.Worker.Options;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gateway.Api.Hosting;

/// <summary>Everything the API host needs, registered in one call from Program.cs.</summary>
public static class GatewayApiBuilderExtensions
{
    /// <summary>Where the API listens unless <c>Urls</c>, <c>ASPNETCORE_URLS</c>, <c>--urls</c> or HTTP ports say otherwise:
    /// loopback, because without API keys the gateway trusts local clients.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Largest request body Kestrel accepts (413 beyond it).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddGatewayApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        // First thing: after a crash, rebind the ports of rtp captures about to be resumed, so the kernel queues what
        // their senders send while the rest of the host starts (seconds on a busy machine) instead of dropping it.
        if (configuration.GetValue("Gateway:ResumeCaptures", true))
            builder.Services.AddSingleton(Gateway.Worker.Sources.Rtp.HeldRtpPorts.Hold(configuration["Gateway:DataDirectory"] ?? "./data"));
        if (string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
            && string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        // Limits chosen on purpose (issue "hostile conditions"): API bodies are small JSON or SDP, so 1 MiB is plenty and
        // a huge upload is refused with 413 before it is read; slow clients that dribble headers or bodies are cut off.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
            kestrel.Limits.MinRequestBodyDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(240, TimeSpan.FromSeconds(5));
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });

        var services = builder.Services;
        // UTC ISO 8601 in both console formats (Logging:Console:FormatterName = simple | json); the simple one
        // needs the trailing space to separate the level.
        services.Configure<SimpleConsoleFormatterOptions>(o => (o.TimestampFormat, o.UseUtcTimestamp) = ("yyyy-MM-ddTHH:mm:ss.fffZ ", true));
        services.Configure<JsonConsoleFormatterOptions>(o => (o.TimestampFormat, o.UseUtcTimestamp) = ("yyyy-MM-ddTHH:mm:ss.fffZ", true));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Endpoints.PlayerAssets>();
        services.AddGatewayOptions(configuration);
        services.AddGatewayWorker();

        var isDevelopment = builder.Environment.IsDevelopment();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => ProblemDetailsCustomizer.Customize(c, isDevelopment));
        // Body too large, bad headers and the like surface as BadHttpRequestException: answer with their status, not 500.
        services.Configure<ExceptionHandlerOptions>(o =>
            o.StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);

        services.AddSingleton<FfmpegProbe>();
        services.AddHealthChecks()
            .AddCheck<FfmpegHealthCheck>(FfmpegHealthCheck.Name, tags: [HealthTags.Ready])
            .AddCheck<DataDirectoryHealthCheck>(DataDirectoryHealthCheck.Name, tags: [HealthTags.Ready]);

        services.AddSingleton<ApiMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("gateway"))
            .WithMetrics(metrics => metrics
            .AddMeter(GatewayMeters.Name, GatewayMeters.Wildcard)
            .AddMeter(GatewayMeters.Framework)
            .AddPrometheusExporter())
            .WithTracing(tracing =>
            {
                tracing.AddSource(GatewayTraces.Sources);
                // Traces leave the process only where the operator points them (OTLP, the standard variable); with
                // no endpoint nothing is sent anywhere, not even to the exporter's localhost default.
                if (GatewayTraces.OtlpEndpoint(configuration) is not null) tracing.AddOtlpExporter();
            });

        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Gateway API";
            document.Info.Description = "Headless media gateway: records and restreams real-time sessions. Errors are RFC 9457 problem details.";
            return Task.CompletedTask;
        }));

        // WHIP publishers are often web pages on another origin (RFC 9725 §4.1 CORS): any origin may POST an offer
        // with its bearer token and read the Location of the session it created.
        services.AddCors(o => o.AddPolicy(Endpoints.WhipEndpoints.CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Post, HttpMethods.Delete, HttpMethods.Patch, HttpMethods.Options)
            .WithHeaders("Authorization", "Content-Type", "If-Match")
            .WithExposedHeaders("Location", "ETag", "Link", "Accept-Patch")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));

        services.AddHostedService<AccessPolicyStartupLog>();
        services.AddGatewayDashboard();
        return builder;
    }
}
