using System.Security.Cryptography;
using Gateway.Pipelines.Storage;
using Gateway.Worker.Storage;

namespace Gateway.Worker.Tests.Storage;

/// <summary>In-memory blobs keyed by container/name, with a switch that makes every call fail like an outage.</summary>
internal sealed class MemoryBlobs : IBlobTargetFactory
{
    private readonly Dictionary<string, MemoryBlob> _blobs = new(StringComparer.Ordinal);

    public bool Unreachable { get; set; }

    /// <summary>When set, every Put Block waits for it (to hold an upload in flight).</summary>
    public Task? StageGate { get; set; }

    public IBlockBlob Open(string container, string blobName)
    {
        var key = container + "/" + blobName;
        if (!_blobs.TryGetValue(key, out var blob)) _blobs[key] = blob = new MemoryBlob(this, new Uri("http://127.0.0.1:1/account/" + key));
        return blob;
    }

    public MemoryBlob? Find(string container, string blobName) => _blobs.GetValueOrDefault(container + "/" + blobName);

    internal sealed class MemoryBlob(MemoryBlobs owner, Uri uri) : IBlockBlob
    {
        private readonly Dictionary<string, byte[]> _uncommitted = new(StringComparer.Ordinal);
        private List<(string Id, byte[] Content)> _committed = [];
        private byte[]? _md5;

        public Uri Uri { get; } = uri;

        public int Stages { get; private set; }

        public byte[]? Content { get; private set; }

        public async Task StageBlockAsync(string blockId, ReadOnlyMemory<byte> content, byte[] contentMd5, CancellationToken cancellationToken)
        {
            if (owner.StageGate is { } gate) await gate;
            Fail();
            Assert.Equal(MD5.HashData(content.Span), contentMd5);
            _uncommitted[blockId] = content.ToArray();
            Stages++;
        }

        public Task<IReadOnlyList<StoredBlock>> GetBlocksAsync(CancellationToken cancellationToken)
        {
            Fail();
            return Task.FromResult<IReadOnlyList<StoredBlock>>(_committed.Select(b => new StoredBlock(b.Id, b.Content.Length, true))
                .Concat(_uncommitted.Select(b => new StoredBlock(b.Key, b.Value.Length, false))).ToList());
        }

        public Task CommitAsync(IReadOnlyList<string> blockIds, byte[] contentMd5, string contentType, CancellationToken cancellationToken)
        {
            Fail();
            _committed = blockIds.Select(id => (id, _uncommitted.TryGetValue(id, out var fresh) ? fresh : _committed.Single(b => b.Id == id).Content)).ToList();
            _uncommitted.Clear();
            (_md5, Content) = (contentMd5, _committed.SelectMany(b => b.Content).ToArray());
            return Task.CompletedTask;
        }

        public Task<BlobSummary?> GetSummaryAsync(CancellationToken cancellationToken)
        {
            Fail();
            return Task.FromResult(Content is null ? null : new BlobSummary(Content.Length, _md5));
        }

        private void Fail()
        {
            if (owner.Unreachable) throw new HttpRequestException("Connection refused (127.0.0.1:1)", null, System.Net.HttpStatusCode.ServiceUnavailable);
        }
    }
}
