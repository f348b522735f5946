using System.Net;
using Gateway.Api.Logging;
using Gateway.Api.Problems;
using Gateway.Api.Telemetry;
using Gateway.Worker.Options;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Gateway.Api.Security;

/// <summary>
/// Guards <c>/v1</c> and <c>/hangfire</c>. With API keys configured every request needs a valid bearer key
/// (401 otherwise). Without keys the gateway is a local tool: only loopback clients are served (403 otherwise).
/// </summary>
internal sealed class AccessPolicyMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ApiKeyVerifier _verifier;
    private readonly IProblemDetailsService _problems;
    private readonly ApiMetrics _metrics;
    private readonly ILogger<AccessPolicyMiddleware> _logger;

    public AccessPolicyMiddleware(RequestDelegate next, IOptions<GatewayOptions> options, IProblemDetailsService problems,
        ApiMetrics metrics, ILogger<AccessPolicyMiddleware> logger)
    {
        _next = next;
        _verifier = new ApiKeyVerifier(options.Value.ApiKeys);
        _problems = problems;
        _metrics = metrics;
        _logger = logger;
    }

    public static bool IsProtected(PathString path) => path.StartsWithSegments("/v1") || IsDashboard(path);

    private static bool IsDashboard(PathString path) => path.StartsWithSegments("/hangfire");

    public Task InvokeAsync(HttpContext context)
    {
        if (!IsProtected(context.Request.Path)) return _next(context);

        if (_verifier.HasKeys)
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            // A browser cannot send a bearer key: the dashboard also takes the key as a Basic password (RFC 7617).
            if (!ApiKeyVerifier.TryGetBearerToken(authorization, out var token)
                && !(IsDashboard(context.Request.Path) && ApiKeyVerifier.TryGetBasicPassword(authorization, out token)))
                return RejectAsync(context, StatusCodes.Status401Unauthorized, "missing_key",
                    "This endpoint needs 'Authorization: Bearer <key>' with a configured API key.");
            if (!_verifier.IsValid(token))
                return RejectAsync(context, StatusCodes.Status401Unauthorized, "wrong_key", "The bearer key is not valid.");
            return _next(context);
        }

        if (!IsLocal(context.Connection.RemoteIpAddress))
            return RejectAsync(context, StatusCodes.Status403Forbidden, "not_loopback",
                "No API keys are configured, so only clients on this host are served. Configure Gateway:ApiKeys to allow remote clients.");
        return _next(context);
    }

    /// <summary>
    /// Loopback, including IPv4-mapped IPv6. No address at all means a Unix domain socket or the in-process test
    /// server: both are reachable only from this host.
    /// </summary>
    public static bool IsLocal(IPAddress? remote)
    {
        if (remote is null) return true;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return IPAddress.IsLoopback(remote);
    }

    private async Task RejectAsync(HttpContext context, int status, string reason, string detail)
    {
        _metrics.Rejected(reason);
        _logger.RequestRejected(context.Request.Method, context.Request.Path.Value ?? "/", reason);
        context.Response.StatusCode = status;
        // RFC 6750 §3: a 401 for a bearer-protected resource names the scheme.
        if (status == StatusCodes.Status401Unauthorized)
        {
            var bearer = reason == "wrong_key" ? "Bearer error=\"invalid_token\"" : "Bearer";
            // RFC 7617 §2: the Basic challenge makes a browser prompt; the user name is ignored, the key is the password.
            context.Response.Headers.WWWAuthenticate = IsDashboard(context.Request.Path)
                ? new Microsoft.Extensions.Primitives.StringValues(["Basic realm=\"gateway\", charset=\"UTF-8\"", bearer])
                : bearer;
        }
        var described = ProblemTypes.Describe(status);
        await _problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Type = described.Type, Title = described.Title, Detail = detail },
        });
    }
}
