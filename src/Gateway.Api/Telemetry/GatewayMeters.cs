namespace Gateway.Api.Telemetry;

/// <summary>
/// Meter names exported at /metrics. Every layer creates its meter through <c>IMeterFactory</c> named
/// <see cref="Name"/> or <c>Gateway.&lt;Layer&gt;</c> (for example <c>Gateway.Rtc</c>); the exporter listens to both.
/// </summary>
public static class GatewayMeters
{
    public const string Name = "Gateway";
    public const string Wildcard = Name + ".*";

    /// <summary>Built into .NET 9+ and ASP.NET Core 8+, so no instrumentation package is needed.</summary>
    public static readonly string[] Framework =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.Routing",
        "System.Runtime",
    ];
}
