using Hangfire.Dashboard;

namespace Gateway.Api.Hangfire;

/// <summary>
/// Hangfire's default dashboard filter serves local requests only, which would undo API-key access from elsewhere.
/// Requests reach the dashboard only through <see cref="Security.AccessPolicyMiddleware"/> (API key, or loopback when
/// no key is configured), so by then the caller is authorized.
/// </summary>
internal sealed class TrustAccessPolicyFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => true;
}
