namespace Gateway.Api.Health;

/// <summary>The body of <c>GET /healthz</c>: the process is up and serving HTTP.</summary>
public sealed record LivenessReport(string Status);
