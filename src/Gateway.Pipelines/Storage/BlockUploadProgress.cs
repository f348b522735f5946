namespace Gateway.Pipelines.Storage;

/// <summary>
/// What has been staged for one file so far; immutable, persisted by the caller after every change so an upload
/// resumes where it stopped (staged blocks stay on the service for a week).
/// </summary>
public sealed record BlockUploadProgress
{
    public IReadOnlyList<StagedBlock> Blocks { get; init; } = [];

    /// <summary>Set once Put Block List succeeded: the whole file's MD5 (base64) and length.</summary>
    public string? CommittedMd5 { get; init; }

    public long? CommittedLength { get; init; }

    /// <summary>Bytes staged so far (the staged blocks cover [0, StagedBytes) without gaps).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long StagedBytes => Blocks.Count == 0 ? 0 : Blocks[^1].End;
}
