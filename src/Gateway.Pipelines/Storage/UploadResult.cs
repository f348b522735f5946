namespace Gateway.Pipelines.Storage;

/// <summary>A committed and verified upload: the blob equals the local file.</summary>
/// <param name="Restaged">Blocks staged again at the end because their bytes changed (or were missing on the service).</param>
public sealed record UploadResult(Uri BlobUri, long Length, byte[] ContentMd5, int Restaged);
