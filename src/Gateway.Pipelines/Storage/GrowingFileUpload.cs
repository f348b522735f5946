using System.Buffers;
using System.Security.Cryptography;

namespace Gateway.Pipelines.Storage;

/// <summary>
/// Uploads a file that a muxer is still writing: while it grows, <see cref="StageAvailableAsync"/> stages each full
/// block (and, after <see cref="BlockStagingOptions.StageInterval"/>, whatever is pending); once the writer is done,
/// <see cref="CompleteAsync"/> re-reads the file, stages again every block whose bytes changed since it was staged
/// (muxers seek back to patch headers: WebM writes its duration and cue position at the start when it finishes),
/// stages the tail, commits and verifies. One caller at a time; progress is immutable and persisted by the caller.
/// </summary>
public sealed partial class GrowingFileUpload
{
    private readonly string _path;
    private readonly IBlockBlob _blob;
    private readonly BlockStagingOptions _options;
    private readonly TimeProvider _time;
    private long _pendingSince = -1;

    public GrowingFileUpload(string path, IBlockBlob blob, BlockStagingOptions options, TimeProvider time, BlockUploadProgress? resumeFrom = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BlockSizeBytes, 1);
        (_path, _blob, _options, _time) = (path, blob, options, time);
        Progress = resumeFrom ?? new BlockUploadProgress();
    }

    /// <summary>Replaced (never mutated) after each staged block.</summary>
    public BlockUploadProgress Progress { get; private set; }

    public Uri BlobUri => _blob.Uri;

    /// <summary>
    /// Stages what the file holds beyond the staged bytes: every full block, then the rest once it has waited
    /// <see cref="BlockStagingOptions.StageInterval"/>. A missing file is not an error (the muxer has not created it yet).
    /// </summary>
    /// <returns>How many blocks were staged.</returns>
    public async Task<int> StageAvailableAsync(CancellationToken cancellationToken)
    {
        long length = CurrentLength();
        long pending = length - Progress.StagedBytes;
        if (pending <= 0)
        {
            _pendingSince = -1;
            return 0;
        }
        if (_pendingSince < 0) _pendingSince = _time.GetTimestamp();
        bool waitedLongEnough = _time.GetElapsedTime(_pendingSince) >= _options.StageInterval;
        int staged = 0;
        await using var file = OpenShared();
        while (length - Progress.StagedBytes >= _options.BlockSizeBytes || (waitedLongEnough && length > Progress.StagedBytes))
        {
            int size = (int)Math.Min(_options.BlockSizeBytes, length - Progress.StagedBytes);
            await StageRangeAsync(file, Progress.Blocks.Count, Progress.StagedBytes, size, cancellationToken).ConfigureAwait(false);
            staged++;
        }
        // What is left is younger than what was just staged: its wait starts now.
        if (staged > 0) _pendingSince = length > Progress.StagedBytes ? _time.GetTimestamp() : -1;
        return staged;
    }

    private long CurrentLength()
    {
        var info = new FileInfo(_path);
        return info.Exists ? info.Length : 0;
    }

    /// <summary>Readers share the file with the muxer that is writing it.</summary>
    private FileStream OpenShared() =>
        new(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);

    /// <summary>Reads [offset, offset + size) and stages it as block <paramref name="index"/>, replacing any block of that index.</summary>
    private async Task<StagedBlock> StageRangeAsync(FileStream file, int index, long offset, int size, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            await ReadExactlyAtAsync(file, buffer.AsMemory(0, size), offset, cancellationToken).ConfigureAwait(false);
            return await StageBufferAsync(index, offset, buffer.AsMemory(0, size), MD5.HashData(buffer.AsSpan(0, size)), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<StagedBlock> StageBufferAsync(int index, long offset, ReadOnlyMemory<byte> content, byte[] md5, CancellationToken cancellationToken)
    {
        if (index >= BlockIds.MaxBlocks) throw new InvalidOperationException($"{_path} needs more than {BlockIds.MaxBlocks} blocks; raise the block size.");
        var block = new StagedBlock(index, offset, content.Length, Convert.ToBase64String(md5));
        await _blob.StageBlockAsync(block.Id, content, md5, cancellationToken).ConfigureAwait(false);
        var blocks = Progress.Blocks.ToList();
        if (index < blocks.Count) blocks[index] = block;
        else blocks.Add(block);
        Progress = Progress with { Blocks = blocks, CommittedMd5 = null, CommittedLength = null };
        return block;
    }

    private static async Task ReadExactlyAtAsync(FileStream file, Memory<byte> destination, long offset, CancellationToken cancellationToken)
    {
        int done = 0;
        while (done < destination.Length)
        {
            int read = await RandomAccess.ReadAsync(file.SafeFileHandle, destination[done..], offset + done, cancellationToken).ConfigureAwait(false);
            if (read == 0) throw new IOException($"{file.Name} ended at {offset + done} while {offset + destination.Length} bytes were expected");
            done += read;
        }
    }
}
