namespace Gateway.Worker.Captures;

/// <summary>
/// The capture resource as the API shows it and as it is persisted in the data directory. Mutated only by the
/// capture's own runner (and by recovery at start); readers get <see cref="Snapshot"/> copies.
/// </summary>
public sealed record CaptureRecord
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public CaptureState State { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public EndReason? EndReason { get; init; }

    public string? Error { get; init; }

    public required SourceStatus Source { get; init; }

    public IReadOnlyList<TrackStatus> Tracks { get; init; } = [];

    public IReadOnlyList<OutputStatus> Outputs { get; init; } = [];

    public string? ScheduleId { get; init; }

    /// <summary>
    /// Set when the gateway died while the capture ran and a restart resumed it (rtp sources): each entry is one
    /// restart, with the files written after it (<c>recording.part{n}.mp4</c>) and the gap before it. Absent otherwise.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CaptureResumption>? Resumptions { get; init; }
}

/// <summary>One resumption of a capture after a gateway restart.</summary>
public sealed record CaptureResumption
{
    /// <summary>The part number in the files' names (<c>.part{n}</c>).</summary>
    public int Part { get; init; }

    /// <summary>When the files before it were last written (the gateway died soon after).</summary>
    public DateTimeOffset InterruptedAt { get; init; }

    public DateTimeOffset ResumedAt { get; init; }

    /// <summary>Seconds between the last write before the restart and the resumption (media lost in between).</summary>
    public double GapSeconds { get; init; }

    /// <summary>The outputs of this part, like <see cref="CaptureRecord.Outputs"/> for the first.</summary>
    public IReadOnlyList<OutputStatus> Outputs { get; init; } = [];
}

/// <summary>What the resource says about its source; no secrets (tokens are shown once, at creation).</summary>
public sealed record SourceStatus
{
    public required string Type { get; init; }

    /// <summary>rtp: the request's SDP with the address and ports actually bound.</summary>
    public string? AnswerSdp { get; init; }

    /// <summary>whip: where the publisher POSTs its offer.</summary>
    public string? WhipUrl { get; init; }

    /// <summary>whip: returned in the 201 response only; null in stored and listed copies.</summary>
    public string? BearerToken { get; init; }
}

public sealed record TrackStatus
{
    public required string Kind { get; init; }

    public required string Codec { get; init; }

    public uint? Ssrc { get; init; }

    public long PacketsReceived { get; init; }

    public long PacketsLost { get; init; }

    public long BytesReceived { get; init; }

    public long NacksSent { get; init; }

    public long PliSent { get; init; }

    public long FramesWritten { get; init; }

    public long FramesDropped { get; init; }

    public double BitrateKbps { get; init; }

    /// <summary>Multi-participant sources (janus): whose track this is (display name).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Participant { get; init; }
}

public sealed record OutputStatus
{
    public required string Type { get; init; }

    /// <summary>Layout "tracks": whose file this is (display name); absent for a capture-wide output.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Participant { get; init; }

    /// <summary>"pending", "writing", "restarting" (files) / "reconnecting" (rtmp), "completed", "skipped" or "failed".</summary>
    public string State { get; init; } = "pending";

    /// <summary>The first file (see <see cref="Segments"/> for the others); rtmp: the URL with its stream key masked.</summary>
    public string? Location { get; init; }

    /// <summary>hls: where the gateway serves the playlist (live while recording, VOD afterwards while stored locally).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    /// <summary>All files of the output together.</summary>
    public long Bytes { get; init; }

    /// <summary>From the capture's first frame to its last, gaps between segments included.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Why the output failed, or (while restarting/reconnecting) why ffmpeg last exited.</summary>
    public string? Error { get; init; }

    /// <summary>Times ffmpeg was started again after dying mid-capture (rtmp: reconnects).</summary>
    public int Restarts { get; init; }

    /// <summary>Files: one per ffmpeg run, in order (absent for rtmp). More than one means ffmpeg died and was replaced.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<OutputSegmentStatus>? Segments { get; init; }

    /// <summary>Cloud storage only (absent for local storage): the upload of this output.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Storage.OutputUploadStatus? Upload { get; init; }
}

/// <summary>One file of an output. Offsets are seconds on the capture timeline (0 = its first frame).</summary>
public sealed record OutputSegmentStatus
{
    public required string Location { get; init; }

    public long Bytes { get; init; }

    public double StartSeconds { get; init; }

    public double DurationSeconds { get; init; }

    /// <summary>Media missing between the previous file's last frame and this file's first (0 for the first file).</summary>
    public double GapSeconds { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>ffmpeg finished the file (trailer written); false for a file cut short, playable up to its last fragment.</summary>
    public bool Completed { get; init; }
}
