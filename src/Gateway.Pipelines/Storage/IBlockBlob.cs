namespace Gateway.Pipelines.Storage;

/// <summary>
/// The few block blob operations an upload needs (Azure Put Block / Put Block List / Get Block List / Get Blob
/// Properties), so the staging logic can be tested with an in-memory fake. Implementations throw on failure; the
/// caller decides about retries.
/// </summary>
public interface IBlockBlob
{
    /// <summary>The blob's address without any SAS query: what the capture resource shows as its location.</summary>
    Uri Uri { get; }

    /// <summary>Stages one block; <paramref name="contentMd5"/> is sent as the transactional MD5, so the service
    /// rejects a block that was damaged on the way.</summary>
    Task StageBlockAsync(string blockId, ReadOnlyMemory<byte> content, byte[] contentMd5, CancellationToken cancellationToken);

    /// <summary>Committed and uncommitted blocks the service holds for this blob (empty when it has none).</summary>
    Task<IReadOnlyList<StoredBlock>> GetBlocksAsync(CancellationToken cancellationToken);

    /// <summary>Makes the blob consist of these blocks in this order (latest version of each id) and stores
    /// <paramref name="contentMd5"/> as its Content-MD5 property.</summary>
    Task CommitAsync(IReadOnlyList<string> blockIds, byte[] contentMd5, string contentType, CancellationToken cancellationToken);

    /// <summary>The committed blob's length and Content-MD5, or null when no blob exists yet.</summary>
    Task<BlobSummary?> GetSummaryAsync(CancellationToken cancellationToken);
}
