namespace Gateway.Worker.Storage;

/// <summary>
/// A capture's uploads, persisted as <c>upload.json</c> beside its files so that a restart resumes them.
/// Immutable: changes go through <see cref="UploadManifestStore.UpdateAsync"/>.
/// </summary>
public sealed record UploadManifest
{
    public required string CaptureId { get; init; }

    public required string Container { get; init; }

    /// <summary>False while the recording may still write; a manifest found at start is finished whatever it says
    /// (the process that wrote the files is gone).</summary>
    public bool RecordingFinished { get; init; }

    /// <summary>No attempt before this instant (backoff after a failure).</summary>
    public DateTimeOffset NextAttemptAt { get; init; }

    public IReadOnlyList<OutputUpload> Outputs { get; init; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDone => Outputs.All(o => o.IsDone);

    public UploadManifest WithOutput(int index, Func<OutputUpload, OutputUpload> change) =>
        this with { Outputs = Outputs.Select(o => o.Index == index ? change(o) : o).ToList() };
}
