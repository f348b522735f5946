namespace Gateway.Api.Health;

/// <summary>
/// Tags on registered health checks. A check tagged <see cref="Ready"/> takes part in <c>GET /readyz</c>:
/// later layers add theirs (job storage) with <c>services.AddHealthChecks().AddCheck&lt;T&gt;(name, tags: [HealthTags.Ready])</c>.
/// </summary>
public static class HealthTags
{
    public const string Ready = "ready";
}
