using System.Security.Cryptography;
using Gateway.Pipelines.Storage;

namespace Gateway.Pipelines.Tests.Storage;

/// <summary>
/// An in-memory block blob with the service's rules: a staged block is checked against its transactional MD5, a
/// commit takes the latest version of each id (uncommitted first) and drops the other uncommitted blocks.
/// </summary>
internal sealed class FakeBlockBlob : IBlockBlob
{
    private readonly Dictionary<string, byte[]> _uncommitted = new(StringComparer.Ordinal);
    private List<(string Id, byte[] Content)> _committed = [];

    public Uri Uri { get; } = new("http://127.0.0.1:1/devstoreaccount1/recordings/test.mp4");

    public List<string> StagedIds { get; } = [];

    public byte[]? ContentMd5 { get; private set; }

    public string? ContentType { get; private set; }

    public bool Exists { get; private set; }

    /// <summary>The next this-many calls of any kind throw, like an unreachable service.</summary>
    public int FailNext { get; set; }

    /// <summary>Reports a wrong length after the commit, like a blob changed behind our back.</summary>
    public bool LieAboutLength { get; set; }

    public byte[] Content => _committed.SelectMany(b => b.Content).ToArray();

    public IReadOnlyCollection<string> UncommittedIds => _uncommitted.Keys;

    public Task StageBlockAsync(string blockId, ReadOnlyMemory<byte> content, byte[] contentMd5, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        if (!MD5.HashData(content.Span).AsSpan().SequenceEqual(contentMd5)) throw new InvalidOperationException("Md5Mismatch");
        _uncommitted[blockId] = content.ToArray();
        StagedIds.Add(blockId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredBlock>> GetBlocksAsync(CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        IReadOnlyList<StoredBlock> blocks = _committed.Select(b => new StoredBlock(b.Id, b.Content.Length, true))
            .Concat(_uncommitted.Select(b => new StoredBlock(b.Key, b.Value.Length, false))).ToList();
        return Task.FromResult(blocks);
    }

    public Task CommitAsync(IReadOnlyList<string> blockIds, byte[] contentMd5, string contentType, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        var committed = new List<(string, byte[])>();
        foreach (var id in blockIds)
        {
            if (_uncommitted.TryGetValue(id, out var fresh)) committed.Add((id, fresh));
            else if (_committed.FirstOrDefault(b => b.Id == id) is { Content: not null } old) committed.Add(old);
            else throw new InvalidOperationException("InvalidBlockList: " + id);
        }
        (_committed, ContentMd5, ContentType, Exists) = (committed, contentMd5, contentType, true);
        _uncommitted.Clear();
        return Task.CompletedTask;
    }

    public Task<BlobSummary?> GetSummaryAsync(CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return Task.FromResult(Exists ? new BlobSummary(Content.Length + (LieAboutLength ? 1 : 0), ContentMd5) : null);
    }

    /// <summary>Forgets the uncommitted blocks, as the service does after a week or an emulator reset.</summary>
    public void LoseUncommittedBlocks() => _uncommitted.Clear();

    private void ThrowIfFailing()
    {
        if (FailNext <= 0) return;
        FailNext--;
        throw new IOException("connection refused");
    }
}
