using System.Diagnostics.Metrics;

namespace Gateway.Pipelines.Sinks;

/// <summary>Sink counters for <c>/metrics</c> (meter <see cref="MeterName"/>); counted per ffmpeg start, never per frame.</summary>
public static class FfmpegMetrics
{
    public const string MeterName = "Gateway.Sinks";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>ffmpeg started again after dying mid-capture, tagged <c>target</c> = file or rtmp
    /// (exported as <c>gateway_ffmpeg_restarts_total</c>).</summary>
    public static readonly Counter<long> Restarts = Meter.CreateCounter<long>("gateway.ffmpeg.restarts", "{restart}");
}
