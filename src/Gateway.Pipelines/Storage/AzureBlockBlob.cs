using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Gateway.Pipelines.Storage;

/// <summary>
/// <see cref="IBlockBlob"/> over Azure.Storage.Blobs. The container is created on first use. Failures surface as the
/// SDK's <see cref="RequestFailedException"/>; retrying is the caller's business.
/// </summary>
public sealed class AzureBlockBlob(BlobContainerClient container, string blobName) : IBlockBlob
{
    private readonly BlockBlobClient _blob = container.GetBlockBlobClient(blobName);
    private bool _containerReady;

    /// <summary>Without the query: a connection string with a SAS would otherwise put the signature in the URI.</summary>
    public Uri Uri => new UriBuilder(_blob.Uri) { Query = "" }.Uri;

    public async Task StageBlockAsync(string blockId, ReadOnlyMemory<byte> content, byte[] contentMd5, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlockBlobStageBlockOptions
        {
            TransferValidation = new UploadTransferValidationOptions
            {
                ChecksumAlgorithm = StorageChecksumAlgorithm.MD5,
                PrecalculatedChecksum = contentMd5,
            },
        };
        using var stream = new ReadOnlyMemoryStream(content);
        await _blob.StageBlockAsync(blockId, stream, options, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredBlock>> GetBlocksAsync(CancellationToken cancellationToken)
    {
        try
        {
            var list = (await _blob.GetBlockListAsync(BlockListTypes.All, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return list.CommittedBlocks.Select(b => new StoredBlock(b.Name, b.SizeLong, true))
                .Concat(list.UncommittedBlocks.Select(b => new StoredBlock(b.Name, b.SizeLong, false)))
                .ToList();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];   // no blob and no staged block yet (or no container)
        }
    }

    public async Task CommitAsync(IReadOnlyList<string> blockIds, byte[] contentMd5, string contentType, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new CommitBlockListOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentHash = contentMd5, ContentType = contentType },
        };
        await _blob.CommitBlockListAsync(blockIds, options, cancellationToken).ConfigureAwait(false);
    }

    public async Task<BlobSummary?> GetSummaryAsync(CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await _blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return new BlobSummary(properties.ContentLength, properties.ContentHash);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady) return;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        _containerReady = true;
    }
}
