using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Api.Tests.Infrastructure;

/// <summary>
/// Wraps the real pipeline: before it, sets the client's remote address (the in-process server sets none);
/// after it, test-only endpoints under /v1/test that exercise binding, validation and failures through the
/// real error handling, which wraps everything placed after the app's own endpoints.
/// </summary>
internal sealed class TestPipelineFilter(IPAddress? remoteAddress) : IStartupFilter
{
    public const string SecretMessage = "secret-detail-4711 /etc/gateway/keys";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (remoteAddress is not null)
            app.Use((context, nextMiddleware) => { context.Connection.RemoteIpAddress = remoteAddress; return nextMiddleware(context); });
        next(app);
        app.UseRouting();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapPost("/v1/test/echo", (EchoRequest request) => TypedResults.Ok(request));
            endpoints.MapGet("/v1/test/throw", string () => throw new InvalidOperationException(SecretMessage));
            endpoints.MapPost("/v1/test/too-large", string () =>
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge));
            endpoints.MapGet("/v1/test/invalid", () => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["name"] = ["name is required"], ["outputs[0].type"] = ["unknown output type 'gif'"] }));
        });
    };
}

/// <summary>Body of the echo endpoint.</summary>
public sealed record EchoRequest(string Name, int Count);
