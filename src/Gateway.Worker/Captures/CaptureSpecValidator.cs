namespace Gateway.Worker.Captures;

/// <summary>Field-level checks of a capture request, keyed like the JSON (for RFC 9457 validation problems).</summary>
public static class CaptureSpecValidator
{
    public static readonly IReadOnlySet<string> SourceTypes = new HashSet<string>(StringComparer.Ordinal) { "rtp", "whip", "whep", "janus" };
    public static readonly IReadOnlySet<string> OutputTypes = new HashSet<string>(StringComparer.Ordinal) { "mp4", "webm", "hls", "rtmp", "audio" };

    /// <summary>Longest capture accepted: a day. Longer recordings are split into several captures.</summary>
    public const int MaxDurationLimitSeconds = 24 * 3600;

    /// <param name="azureStorageConfigured">Whether <c>Gateway:Storage:Azure:ConnectionString</c> is set; without it
    /// a capture asking for Azure storage is refused rather than recorded locally against the client's wish.</param>
    public static Dictionary<string, string[]> Validate(CaptureSpec? spec, bool azureStorageConfigured = false)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (spec is null)
        {
            errors[""] = ["A JSON body describing the capture is required."];
            return errors;
        }
        if (spec.Name is { Length: > 200 }) errors["name"] = ["At most 200 characters."];
        if (spec.Source is null) errors["source"] = ["A source is required."];
        else if (spec.Source.Type is null || !SourceTypes.Contains(spec.Source.Type))
            errors["source.type"] = [$"Must be one of: {string.Join(", ", SourceTypes)}."];
        else if (spec.Source.Type == "rtp" && string.IsNullOrWhiteSpace(spec.Source.Sdp))
            errors["source.sdp"] = ["An rtp source needs the SDP describing its streams."];
        else if (spec.Source.Sdp is { Length: > 64 * 1024 }) errors["source.sdp"] = ["At most 64 KiB."];
        else if (spec.Source.Type == "whep") Sources.Whep.WhepSpecRules.Check(spec, errors);
        else if (spec.Source.Type == "janus") JanusSpecRules.Check(spec, errors);

        if (spec.Outputs is null || spec.Outputs.Count == 0) errors["outputs"] = ["At least one output is required."];
        else
        {
            if (spec.Outputs.Count > 8) errors["outputs"] = ["At most 8 outputs."];
            for (var i = 0; i < spec.Outputs.Count; i++)
            {
                var output = spec.Outputs[i];
                if (output?.Type is null || !OutputTypes.Contains(output.Type))
                    errors[$"outputs[{i}].type"] = [$"Must be one of: {string.Join(", ", OutputTypes)}."];
                else if (output.Type == "rtmp" && Pipelines.Sinks.RtmpUrl.Validate(output.Url) is { } problem)
                    errors[$"outputs[{i}].url"] = [problem];
                else if (output.AudioCodec is { } codec && !(output.Type == "mp4" && codec is "aac" or "opus"))
                    errors[$"outputs[{i}].audioCodec"] = [output.Type == "mp4" ? "Must be aac or opus." : "Only an mp4 output takes an audioCodec."];
                else if (output.Type == "hls") Recording.HlsSpecRules.Check(spec.Outputs, i, errors);
            }
        }
        if (spec.Storage?.Type is { } storage && storage is not ("local" or "azure"))
            errors["storage.type"] = ["Must be local or azure."];
        else if (spec.Storage is { Type: "azure" } azure) Storage.StorageSpecRules.Check(azure, azureStorageConfigured, errors);
        if (spec.MaxDurationSeconds is { } max && (max < 1 || max > MaxDurationLimitSeconds))
            errors["maxDurationSeconds"] = [$"Must be between 1 and {MaxDurationLimitSeconds}."];
        if (spec.Layout is { } layout && layout is not ("tracks" or "composite"))
            errors["layout"] = ["Must be tracks or composite."];
        if (spec.WebhookUrl is { } webhook && (webhook.Length > 2048 || !Webhooks.WebhookUrls.IsUsable(webhook)))
            errors["webhookUrl"] = ["Must be an absolute http:// or https:// URL without credentials, at most 2048 characters."];
        return errors;
    }
}
