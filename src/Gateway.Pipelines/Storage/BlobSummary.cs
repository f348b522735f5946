namespace Gateway.Pipelines.Storage;

/// <summary>What Get Blob Properties says about a committed blob.</summary>
public sealed record BlobSummary(long Length, byte[]? ContentMd5);
