using System.Diagnostics.Metrics;

namespace Gateway.Worker.Storage;

/// <summary>
/// Upload counters for <c>/metrics</c>: subscribe to the meter <see cref="MeterName"/> (OpenTelemetry
/// <c>AddMeter</c>). Counted where a storage call returns, never per media packet.
/// </summary>
public static class UploadMetrics
{
    public const string MeterName = "Gateway.Storage";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Bytes of the files staged as new blocks, while recording and at the end (restaged blocks not counted again).</summary>
    public static readonly Counter<long> BytesStaged = Meter.CreateCounter<long>("gateway.storage.bytes_staged", "By");

    /// <summary>Outputs committed and verified.</summary>
    public static readonly Counter<long> Verified = Meter.CreateCounter<long>("gateway.storage.uploads_verified");

    /// <summary>Failed attempts (after their quick retries), tagged <c>phase</c> = staging or commit.</summary>
    public static readonly Counter<long> Failures = Meter.CreateCounter<long>("gateway.storage.upload_failures");
}
