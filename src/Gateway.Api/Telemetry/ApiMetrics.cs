using System.Diagnostics.Metrics;

namespace Gateway.Api.Telemetry;

/// <summary>Counters of the Api layer, on the <see cref="GatewayMeters.Name"/> meter.</summary>
internal sealed class ApiMetrics
{
    private readonly Counter<long> _rejected;

    public ApiMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GatewayMeters.Name);
        _rejected = meter.CreateCounter<long>("gateway.api.requests.rejected", unit: "{request}",
            description: "Requests to /v1 or /hangfire refused by the access policy");
    }

    /// <summary>Counts one refused request; <paramref name="reason"/> is a fixed slug, never client input.</summary>
    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
