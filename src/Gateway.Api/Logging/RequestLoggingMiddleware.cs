namespace Gateway.Api.Logging;

/// <summary>
/// One line per request: method, path, status, duration. Never the query string or headers: bearer keys and
/// WHIP tokens travel there.
/// </summary>
internal sealed class RequestLoggingMiddleware(RequestDelegate next, TimeProvider time, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            var request = context.Request;
            var path = request.PathBase.Add(request.Path).Value ?? "/";
            var status = context.Response.StatusCode;
            if (IsProbe(request.Path)) logger.ProbeCompleted(request.Method, path, status, elapsed);
            else logger.RequestCompleted(request.Method, path, status, elapsed);
        }
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics");
}
