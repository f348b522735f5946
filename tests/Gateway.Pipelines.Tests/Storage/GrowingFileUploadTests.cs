using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Pipelines.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Pipelines.Tests.Storage;

public sealed class GrowingFileUploadTests : IDisposable
{
    private static readonly BlockStagingOptions Options = new() { BlockSizeBytes = 1000, StageInterval = TimeSpan.FromSeconds(10) };

    private readonly string _path = Path.Combine(Path.GetTempPath(), "gw-upload-" + Guid.NewGuid().ToString("N") + ".mp4");
    private readonly FakeTimeProvider _time = new();
    private readonly FakeBlockBlob _blob = new();

    public void Dispose() => File.Delete(_path);

    private GrowingFileUpload NewUpload(BlockUploadProgress? progress = null, IBlockBlob? blob = null) =>
        new(_path, blob ?? _blob, Options, _time, progress);

    private static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private void Append(byte[] bytes)
    {
        using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        file.Write(bytes);
    }

    private void Overwrite(long offset, byte[] bytes)
    {
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        file.Position = offset;
        file.Write(bytes);
    }

    [Fact]
    public async Task Nothing_is_staged_before_the_file_exists()
    {
        var upload = NewUpload();
        Assert.Equal(0, await upload.StageAvailableAsync(default));
        Assert.Empty(_blob.StagedIds);
    }

    [Fact]
    public async Task Full_blocks_are_staged_as_the_file_grows_and_the_tail_waits_for_the_interval()
    {
        var upload = NewUpload();
        Append(Bytes(2500, 1));
        Assert.Equal(2, await upload.StageAvailableAsync(default));
        Assert.Equal([(0L, 1000), (1000L, 1000)], upload.Progress.Blocks.Select(b => (b.Offset, b.Length)));

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await upload.StageAvailableAsync(default));       // 500 bytes wait less than 10 s
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await upload.StageAvailableAsync(default));
        Assert.Equal((2000L, 500), (upload.Progress.Blocks[2].Offset, upload.Progress.Blocks[2].Length));
        Assert.Equal(2500, upload.Progress.StagedBytes);
        Assert.Equal(3, _blob.UncommittedIds.Count);
        Assert.False(_blob.Exists);                                       // nothing committed while recording
    }

    [Fact]
    public async Task The_interval_counts_from_when_the_bytes_first_waited_not_from_the_last_poll()
    {
        var upload = NewUpload();
        Append(Bytes(100, 2));
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(0, await upload.StageAvailableAsync(default));
            _time.Advance(TimeSpan.FromSeconds(1));
            Append(Bytes(10, i));
        }
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await upload.StageAvailableAsync(default));
        Assert.Equal(190, upload.Progress.StagedBytes);
    }

    [Fact]
    public async Task Complete_restages_a_block_the_muxer_rewrote_and_the_blob_equals_the_file()
    {
        var upload = NewUpload();
        Append(Bytes(3000, 3));
        Assert.Equal(3, await upload.StageAvailableAsync(default));
        Overwrite(16, Bytes(8, 4));                                       // a header patched at the end (WebM duration)
        Append(Bytes(700, 5));

        var result = await upload.CompleteAsync("video/mp4", default);

        var file = await File.ReadAllBytesAsync(_path);
        Assert.Equal(file, _blob.Content);
        Assert.Equal(1, result.Restaged);
        Assert.Equal(3700, result.Length);
        Assert.Equal(MD5.HashData(file), result.ContentMd5);
        Assert.Equal(MD5.HashData(file), _blob.ContentMd5);
        Assert.Equal("video/mp4", _blob.ContentType);
        Assert.Equal([BlockIds.For(0), BlockIds.For(1), BlockIds.For(2), BlockIds.For(0), BlockIds.For(3)], _blob.StagedIds);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(file)), upload.Progress.CommittedMd5);
        Assert.Equal(3700, upload.Progress.CommittedLength);
    }

    [Fact]
    public async Task Resuming_from_saved_progress_restages_only_what_the_service_lost()
    {
        var first = NewUpload();
        Append(Bytes(2000, 6));
        await first.StageAvailableAsync(default);
        _blob.LoseUncommittedBlocks();
        Append(Bytes(300, 7));

        var resumed = NewUpload(first.Progress);                          // a restart: new object, persisted progress
        var result = await resumed.CompleteAsync("video/webm", default);
        Assert.Equal(2, result.Restaged);
        Assert.Equal(await File.ReadAllBytesAsync(_path), _blob.Content);
    }

    [Fact]
    public async Task Completing_again_after_a_commit_stages_nothing_and_still_verifies()
    {
        var upload = NewUpload();
        Append(Bytes(1500, 8));
        await upload.CompleteAsync("video/mp4", default);
        int staged = _blob.StagedIds.Count;

        var again = await NewUpload(upload.Progress).CompleteAsync("video/mp4", default);
        Assert.Equal(staged, _blob.StagedIds.Count);                     // the committed blocks are reused
        Assert.Equal(0, again.Restaged);
        Assert.Equal(await File.ReadAllBytesAsync(_path), _blob.Content);
    }

    [Fact]
    public async Task A_file_that_shrank_drops_the_blocks_past_its_end()
    {
        var upload = NewUpload();
        Append(Bytes(2000, 9));
        await upload.StageAvailableAsync(default);
        using (var file = new FileStream(_path, FileMode.Open, FileAccess.Write)) file.SetLength(1200);

        var result = await upload.CompleteAsync("audio/ogg", default);
        Assert.Equal(1200, result.Length);
        Assert.Equal([(0L, 1000), (1000L, 200)], upload.Progress.Blocks.Select(b => (b.Offset, b.Length)));
        Assert.Equal(await File.ReadAllBytesAsync(_path), _blob.Content);
    }

    [Fact]
    public async Task An_empty_file_commits_an_empty_blob()
    {
        Append([]);
        var result = await NewUpload().CompleteAsync("video/mp4", default);
        Assert.Equal(0, result.Length);
        Assert.True(_blob.Exists);
        Assert.Empty(_blob.Content);
    }

    [Fact]
    public async Task A_blob_that_differs_after_the_commit_fails_verification()
    {
        Append(Bytes(1200, 10));
        _blob.LieAboutLength = true;
        var error = await Assert.ThrowsAsync<UploadVerificationException>(() => NewUpload().CompleteAsync("video/mp4", default));
        Assert.Contains("1201 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_stage_keeps_the_progress_and_the_next_call_goes_on_from_there()
    {
        var upload = NewUpload();
        Append(Bytes(2000, 11));
        _blob.FailNext = 1;
        await Assert.ThrowsAsync<IOException>(() => upload.StageAvailableAsync(default));
        Assert.Equal(0, upload.Progress.StagedBytes);
        Assert.Equal(2, await upload.StageAvailableAsync(default));
        Assert.Equal(2000, upload.Progress.StagedBytes);
    }

    /// <summary>Any sequence of appends, header rewrites and polls ends with a blob equal to the file.</summary>
    [Property(MaxTest = 60)]
    public Property Any_growth_and_rewrite_history_uploads_the_final_file(int seed) =>
        Prop.ToProperty(RunHistoryAsync(seed).GetAwaiter().GetResult());

    private async Task<bool> RunHistoryAsync(int seed)
    {
        var random = new Random(seed);
        var blob = new FakeBlockBlob();
        File.WriteAllBytes(_path, []);
        var upload = NewUpload(blob: blob);
        for (var step = 0; step < 20; step++)
        {
            switch (random.Next(4))
            {
                case 0 or 1: Append(Bytes(random.Next(1, 1800), random.Next())); break;
                case 2:
                    var length = new FileInfo(_path).Length;
                    if (length > 0) Overwrite(random.NextInt64(length), Bytes(1, random.Next()));
                    break;
                default: _time.Advance(TimeSpan.FromSeconds(random.Next(0, 15))); break;
            }
            await upload.StageAvailableAsync(default);
        }
        if (random.Next(3) == 0) upload = new GrowingFileUpload(_path, blob, Options, _time, upload.Progress);
        await upload.CompleteAsync("video/mp4", default);
        var file = await File.ReadAllBytesAsync(_path);
        return blob.Content.AsSpan().SequenceEqual(file);
    }
}
