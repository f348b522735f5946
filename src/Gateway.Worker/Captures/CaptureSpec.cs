namespace Gateway.Worker.Captures;

/// <summary>What a client asks for in <c>POST /v1/captures</c> (API.md). Validated by <see cref="CaptureSpecValidator"/>.</summary>
public sealed record CaptureSpec
{
    public string? Name { get; init; }

    public SourceSpec? Source { get; init; }

    public IReadOnlyList<OutputSpec>? Outputs { get; init; }

    public StorageSpec? Storage { get; init; }

    /// <summary>Ends the capture with endReason <c>maxDuration</c>. Null: the gateway's default cap.</summary>
    public int? MaxDurationSeconds { get; init; }

    /// <summary>Multi-participant sources: "tracks" (one file per participant) or "composite".</summary>
    public string? Layout { get; init; }

    /// <summary>Receives this capture's state changes (signed like the global <c>Gateway:Webhooks:Url</c>).</summary>
    public string? WebhookUrl { get; init; }
}

public sealed record SourceSpec
{
    /// <summary>"rtp", "whip", "whep" or "janus".</summary>
    public string? Type { get; init; }

    /// <summary>rtp: the description of the incoming streams, as ffmpeg's -sdp_file writes it.</summary>
    public string? Sdp { get; init; }

    /// <summary>whep/janus: where to connect.</summary>
    public string? Url { get; init; }

    /// <summary>whep: the token to present. A secret: never echoed in the capture resource.</summary>
    public string? BearerToken { get; init; }

    public long? Room { get; init; }

    public string? Pin { get; init; }

    /// <summary>janus: "all" (default) or a list of display names / feed ids to record.</summary>
    public System.Text.Json.Nodes.JsonNode? Participants { get; init; }
}

public sealed record OutputSpec
{
    /// <summary>"mp4", "webm", "hls", "rtmp" or "audio".</summary>
    public string? Type { get; init; }

    /// <summary>rtmp: the ingest URL (with its stream key: a secret, not echoed).</summary>
    public string? Url { get; init; }

    /// <summary>mp4: "aac" (default) or "opus" (Opus copied, no transcode).</summary>
    public string? AudioCodec { get; init; }

    /// <summary>hls: target segment length in seconds (1-30). Null: <c>Gateway:Hls:SegmentSeconds</c> (2).</summary>
    public int? SegmentSeconds { get; init; }

    /// <summary>hls: "fmp4" or "ts". Null: <c>Gateway:Hls:Format</c> (fmp4).</summary>
    public string? Format { get; init; }
}

public sealed record StorageSpec
{
    /// <summary>"local" (default) or "azure".</summary>
    public string? Type { get; init; }

    public string? Container { get; init; }

    public string? Prefix { get; init; }
}
