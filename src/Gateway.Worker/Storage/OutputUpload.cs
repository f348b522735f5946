using Gateway.Pipelines.Storage;

namespace Gateway.Worker.Storage;

/// <summary>One output's upload as persisted in <c>upload.json</c>.</summary>
public sealed record OutputUpload
{
    /// <summary>Position in the capture's outputs.</summary>
    public int Index { get; init; }

    public required string LocalPath { get; init; }

    public required string BlobName { get; init; }

    public required string ContentType { get; init; }

    public string State { get; init; } = UploadStates.Pending;

    public BlockUploadProgress Progress { get; init; } = new();

    public string? Error { get; init; }

    /// <summary>Failed attempts since the last success; sets the backoff.</summary>
    public int FailedAttempts { get; init; }

    /// <summary>Set once uploaded: the blob's URL (no SAS) and length.</summary>
    public string? BlobUrl { get; init; }

    public long? Bytes { get; init; }

    public bool LocalCopyDeleted { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDone => State is UploadStates.Uploaded or UploadStates.Failed;

    public OutputUploadStatus ToStatus() => new()
    {
        State = State,
        BytesUploaded = Bytes ?? Progress.CommittedLength ?? Progress.StagedBytes,
        Error = Error,
    };
}
