using System.Buffers;
using System.Security.Cryptography;

namespace Gateway.Pipelines.Storage;

/// <summary>The end of an upload: make the staged blocks equal the finished file, commit, verify.</summary>
public sealed partial class GrowingFileUpload
{
    /// <summary>
    /// Call once the writer has closed the file (or died). One pass over the file: each staged block's range is
    /// hashed again and staged again when its bytes changed, when it lies past the end, or when the service no longer
    /// holds it (an emulator reset, a week-old uncommitted block); the rest of the file is staged; the block list is
    /// committed with the whole file's MD5; then length, Content-MD5 and the committed block list are compared with
    /// the file. Safe to call again after a failure: everything still valid is kept.
    /// </summary>
    /// <exception cref="UploadVerificationException">The service's blob differs from the file after the commit.</exception>
    public async Task<UploadResult> CompleteAsync(string contentType, CancellationToken cancellationToken)
    {
        await using var file = OpenShared();
        long length = file.Length;
        var held = (await _blob.GetBlocksAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(b => b.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(b => b.Size).ToHashSet(), StringComparer.Ordinal);

        // Blocks that lie (partly) past the end go: the file shrank or was rewritten shorter.
        var keep = Progress.Blocks.TakeWhile(b => b.End <= length).ToList();
        if (keep.Count != Progress.Blocks.Count) Progress = Progress with { Blocks = keep };

        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        int restaged = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(_options.BlockSizeBytes, keep.Count == 0 ? 0 : keep.Max(b => b.Length)));
        try
        {
            foreach (var block in keep)
            {
                var content = buffer.AsMemory(0, block.Length);
                await ReadExactlyAtAsync(file, content, block.Offset, cancellationToken).ConfigureAwait(false);
                whole.AppendData(content.Span);
                var md5 = MD5.HashData(content.Span);
                bool onService = held.TryGetValue(block.Id, out var sizes) && sizes.Contains(block.Length);
                if (onService && Convert.ToBase64String(md5) == block.Md5) continue;
                await StageBufferAsync(block.Index, block.Offset, content, md5, cancellationToken).ConfigureAwait(false);
                restaged++;
            }
            while (Progress.StagedBytes < length)
            {
                int size = (int)Math.Min(_options.BlockSizeBytes, length - Progress.StagedBytes);
                var content = buffer.AsMemory(0, size);
                long offset = Progress.StagedBytes;
                await ReadExactlyAtAsync(file, content, offset, cancellationToken).ConfigureAwait(false);
                whole.AppendData(content.Span);
                await StageBufferAsync(Progress.Blocks.Count, offset, content, MD5.HashData(content.Span), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var fileMd5 = whole.GetHashAndReset();
        var ids = Progress.Blocks.Select(b => b.Id).ToList();
        await _blob.CommitAsync(ids, fileMd5, contentType, cancellationToken).ConfigureAwait(false);
        await VerifyAsync(length, fileMd5, cancellationToken).ConfigureAwait(false);
        Progress = Progress with { CommittedMd5 = Convert.ToBase64String(fileMd5), CommittedLength = length };
        return new UploadResult(_blob.Uri, length, fileMd5, restaged);
    }

    /// <summary>
    /// The service checked each block's transactional MD5 when it was staged, and each block's range was hashed again
    /// from the finished file just before the commit; so the blob equals the file when the committed list is exactly
    /// our blocks (ids and sizes, in order), and its length and Content-MD5 are the file's.
    /// </summary>
    private async Task VerifyAsync(long length, byte[] fileMd5, CancellationToken cancellationToken)
    {
        var summary = await _blob.GetSummaryAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new UploadVerificationException($"{_blob.Uri} does not exist after its block list was committed");
        if (summary.Length != length)
            throw new UploadVerificationException($"{_blob.Uri} holds {summary.Length} bytes, the file {length}");
        if (summary.ContentMd5 is null || !summary.ContentMd5.AsSpan().SequenceEqual(fileMd5))
            throw new UploadVerificationException($"{_blob.Uri} has Content-MD5 {Describe(summary.ContentMd5)}, the file {Convert.ToBase64String(fileMd5)}");
        var committed = (await _blob.GetBlocksAsync(cancellationToken).ConfigureAwait(false)).Where(b => b.Committed).ToList();
        var expected = Progress.Blocks;
        bool same = committed.Count == expected.Count
            && committed.Zip(expected).All(pair => pair.First.Id == pair.Second.Id && pair.First.Size == pair.Second.Length);
        if (!same)
            throw new UploadVerificationException($"{_blob.Uri} commits {committed.Count} blocks, {expected.Count} were staged for it");
    }

    private static string Describe(byte[]? md5) => md5 is null ? "none" : Convert.ToBase64String(md5);
}
