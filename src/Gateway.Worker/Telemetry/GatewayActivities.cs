using System.Diagnostics;

namespace Gateway.Worker.Telemetry;

/// <summary>
/// Traces of the worker: <c>capture.create</c> (child of the API request), <c>capture</c> (the whole recording, with
/// its state changes as events), <c>capture.upload</c> (cloud storage, during and after the recording). Exported by
/// whoever subscribes to <see cref="SourceName"/> (the API adds it to OpenTelemetry).
/// </summary>
public static class GatewayActivities
{
    public const string SourceName = "Gateway.Captures";

    public static readonly ActivitySource Source = new(SourceName);

    public const string CaptureIdTag = "gateway.capture.id";
}
