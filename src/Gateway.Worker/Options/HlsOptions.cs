using System.ComponentModel.DataAnnotations;
using Gateway.Pipelines.Sinks;

namespace Gateway.Worker.Options;

/// <summary>Defaults of <c>hls</c> outputs that do not set their own, bound from <c>Gateway:Hls</c>.</summary>
public sealed class HlsOptions
{
    public const string Section = "Gateway:Hls";

    /// <summary>2 s: short enough for a few seconds of live latency, long enough to keep the file count sane.</summary>
    [Range(HlsOutputOptions.MinSegmentSeconds, HlsOutputOptions.MaxSegmentSeconds)]
    public int SegmentSeconds { get; set; } = 2;

    /// <summary>"fmp4" (default) or "ts".</summary>
    [RegularExpression("^(fmp4|ts)$", ErrorMessage = "Gateway:Hls:Format must be fmp4 or ts.")]
    public string Format { get; set; } = "fmp4";

    public HlsOutputOptions ToDefaults() =>
        new(SegmentSeconds, Format == "ts" ? HlsSegmentFormat.Ts : HlsSegmentFormat.Fmp4);
}
