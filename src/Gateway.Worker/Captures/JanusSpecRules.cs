using System.Text.Json.Nodes;

namespace Gateway.Worker.Captures;

/// <summary>What a janus source and its layout must say (API.md).</summary>
internal static class JanusSpecRules
{
    /// <summary>Per-participant files are plain recordings; the composite is rendered into a file at the end.</summary>
    private static readonly HashSet<string> TracksOutputs = ["mp4", "webm", "audio"];
    private static readonly HashSet<string> CompositeOutputs = ["mp4", "webm"];

    public static void Check(CaptureSpec spec, Dictionary<string, string[]> errors)
    {
        var source = spec.Source!;
        if (!Uri.TryCreate(source.Url, UriKind.Absolute, out var url) || url.Scheme is not ("ws" or "wss"))
            errors["source.url"] = ["A janus source needs the Janus WebSocket URL (ws:// or wss://)."];
        if (source.Room is not > 0) errors["source.room"] = ["A janus source needs the room number (a positive integer)."];
        if (source.Pin is { Length: > 256 }) errors["source.pin"] = ["At most 256 characters."];
        var participantsOk = source.Participants switch
        {
            null => true,
            JsonValue v => v.TryGetValue<string>(out var all) && all == "all",
            JsonArray list => list.Count is > 0 and <= 64 && list.All(n => n is JsonValue value && value.GetValueKind() switch
            {
                System.Text.Json.JsonValueKind.String => value.GetValue<string>().Length is > 0 and <= 256,
                System.Text.Json.JsonValueKind.Number => long.TryParse(value.ToJsonString(), out _),
                _ => false,
            }),
            _ => false,
        };
        if (!participantsOk) errors["source.participants"] = ["Must be \"all\" or a list of up to 64 display names or feed ids."];
        var allowed = spec.Layout == "composite" ? CompositeOutputs : TracksOutputs;
        for (var i = 0; i < (spec.Outputs?.Count ?? 0); i++)
        {
            if (spec.Outputs![i]?.Type is { } type && !allowed.Contains(type) && !errors.ContainsKey($"outputs[{i}].type"))
                errors[$"outputs[{i}].type"] = [$"A janus source with layout {spec.Layout ?? "tracks"} records {string.Join(", ", allowed)}."];
        }
    }
}
