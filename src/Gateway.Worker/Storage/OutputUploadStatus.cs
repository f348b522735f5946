namespace Gateway.Worker.Storage;

/// <summary>What the capture resource shows about one output's upload (<c>outputs[].upload</c>).</summary>
public sealed record OutputUploadStatus
{
    /// <summary>One of <see cref="UploadStates"/>.</summary>
    public required string State { get; init; }

    /// <summary>Bytes the service holds for this output (staged or committed).</summary>
    public long BytesUploaded { get; init; }

    /// <summary>The last failure, without secrets; null once an attempt succeeded.</summary>
    public string? Error { get; init; }
}
