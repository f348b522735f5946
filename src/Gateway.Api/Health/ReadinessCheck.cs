namespace Gateway.Api.Health;

/// <summary>One readiness check: <c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>, and why.</summary>
public sealed record ReadinessCheck(string Status, string? Description, double DurationMilliseconds);
