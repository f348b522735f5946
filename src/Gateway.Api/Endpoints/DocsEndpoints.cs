using Scalar.AspNetCore;

namespace Gateway.Api.Endpoints;

/// <summary><c>/openapi/v1.json</c> (generated from the endpoints) and <c>/docs</c> (Scalar reference).</summary>
public static class DocsEndpoints
{
    public const string OpenApiPattern = "/openapi/{documentName}.json";

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(OpenApiPattern);
        // Everything /docs loads comes from this process: Scalar's script is an embedded asset of the package.
        // Fonts from Scalar's CDN, telemetry, the AI agent and the request proxy would all reach other hosts,
        // and a gateway may run where there is no internet at all.
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Gateway API")
            .WithOpenApiRoutePattern(OpenApiPattern)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent());
        return app;
    }
}
