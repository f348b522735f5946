using Azure.Storage.Blobs;
using Gateway.Pipelines.Storage;

namespace Gateway.Worker.Storage;

/// <summary>
/// Blobs of the account named by <c>Gateway:Storage:Azure:ConnectionString</c>. The SDK's own retries are off:
/// <see cref="UploadRetry"/> is the one retry layer, so the backoff an outage sees is the one configured.
/// </summary>
public sealed class AzureBlobTargetFactory : IBlobTargetFactory
{
    private readonly Lazy<BlobServiceClient> _service;

    public AzureBlobTargetFactory(string connectionString)
    {
        _service = new Lazy<BlobServiceClient>(() =>
        {
            var options = new BlobClientOptions();
            options.Retry.MaxRetries = 0;
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
            return new BlobServiceClient(connectionString, options);
        });
    }

    public IBlockBlob Open(string container, string blobName) =>
        new AzureBlockBlob(_service.Value.GetBlobContainerClient(container), blobName);

    /// <summary>True when the SDK accepts the connection string (checked at start, the string itself never shown).</summary>
    public static bool IsParseable(string connectionString)
    {
        try
        {
            _ = new BlobServiceClient(connectionString);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
