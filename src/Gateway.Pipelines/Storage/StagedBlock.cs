namespace Gateway.Pipelines.Storage;

/// <summary>
/// One staged block: the file range it holds and that range's MD5 when it was staged. The MD5 is what tells, at the
/// end, whether the muxer rewrote bytes after they were staged (WebM rewrites its header when it finishes).
/// </summary>
public sealed record StagedBlock(int Index, long Offset, int Length, string Md5)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string Id => BlockIds.For(Index);

    [System.Text.Json.Serialization.JsonIgnore]
    public long End => Offset + Length;
}
