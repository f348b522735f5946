using Gateway.Pipelines.Storage;

namespace Gateway.Worker.Storage;

/// <summary>Opens the blob an output uploads to (Azure in production, an in-memory fake in tests).</summary>
public interface IBlobTargetFactory
{
    IBlockBlob Open(string container, string blobName);
}
