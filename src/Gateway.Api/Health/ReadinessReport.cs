namespace Gateway.Api.Health;

/// <summary>The body of <c>GET /readyz</c>: overall status and one entry per readiness check.</summary>
public sealed record ReadinessReport(string Status, IReadOnlyDictionary<string, ReadinessCheck> Checks);
