namespace Gateway.Worker.Storage;

/// <summary>The values of <see cref="OutputUploadStatus.State"/>.</summary>
public static class UploadStates
{
    /// <summary>Waiting: for bytes, for the recording to end, or for the next attempt after a failure (see the error).</summary>
    public const string Pending = "pending";

    /// <summary>Blocks are being staged, or the block list is being committed and verified.</summary>
    public const string Uploading = "uploading";

    /// <summary>Committed and verified against the local file (length, MD5, block list).</summary>
    public const string Uploaded = "uploaded";

    /// <summary>Retrying cannot help (the local file is gone before it was uploaded).</summary>
    public const string Failed = "failed";
}
