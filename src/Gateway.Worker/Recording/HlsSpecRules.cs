using Gateway.Pipelines.Sinks;
using Gateway.Worker.Captures;

namespace Gateway.Worker.Recording;

/// <summary>Validation and defaults of <c>{ "type": "hls", "segmentSeconds": 2, "format": "fmp4" | "ts" }</c>.</summary>
public static class HlsSpecRules
{
    public static void Check(IReadOnlyList<OutputSpec?> outputs, int index, Dictionary<string, string[]> errors)
    {
        var output = outputs[index]!;
        if (output.SegmentSeconds is { } seconds && seconds is < HlsOutputOptions.MinSegmentSeconds or > HlsOutputOptions.MaxSegmentSeconds)
            errors[$"outputs[{index}].segmentSeconds"] =
                [$"Must be between {HlsOutputOptions.MinSegmentSeconds} and {HlsOutputOptions.MaxSegmentSeconds}."];
        if (output.Format is { } format && !TryParseFormat(format, out _))
            errors[$"outputs[{index}].format"] = ["Must be fmp4 or ts."];
        // One playlist per capture: it is served at the fixed /v1/captures/{id}/hls/index.m3u8.
        if (outputs.Take(index).Any(o => o?.Type == "hls"))
            errors[$"outputs[{index}].type"] = ["A capture has at most one hls output."];
    }

    public static bool TryParseFormat(string? text, out HlsSegmentFormat format)
    {
        (bool ok, format) = text switch
        {
            "fmp4" => (true, HlsSegmentFormat.Fmp4),
            "ts" => (true, HlsSegmentFormat.Ts),
            _ => (false, HlsSegmentFormat.Fmp4),
        };
        return ok;
    }

    /// <summary>The request's settings, each missing one taken from <paramref name="defaults"/>.</summary>
    public static HlsOutputOptions ToOptions(OutputSpec output, HlsOutputOptions defaults) => new(
        output.SegmentSeconds ?? defaults.SegmentSeconds,
        TryParseFormat(output.Format, out var format) ? format : defaults.Format);
}
