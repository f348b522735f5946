using System.Globalization;
using Gateway.Pipelines.Sinks;

namespace Gateway.Pipelines.Tests.Sinks;

/// <summary>
/// <see cref="WrittenPageTrimmer"/> against the real page cache, read with util-linux's <c>fincore</c>. The file lives
/// beside the test binaries: on disk, where the cache can be dropped (tmpfs pages cannot).
/// </summary>
public sealed class WrittenPageTrimmerTests : IDisposable
{
    private const int MiB = 1 << 20;
    private readonly string _path = Path.Combine(AppContext.BaseDirectory, $"trim-{Guid.NewGuid():N}.bin");

    [Fact]
    public void Pages_a_previous_call_sent_to_disk_leave_the_cache_and_the_newest_stay_until_the_next_call()
    {
        using var writer = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite);
        using var trimmer = new WrittenPageTrimmer(_path);
        Write(writer, 32, 0x11);
        Assert.InRange(CachedBytes(), 31 * MiB, 33 * MiB);      // what is written sits in the cache

        trimmer.Trim();                                        // starts writeback of the 32 MiB
        writer.Flush(flushToDisk: true);                       // and waits for it, so the next call can drop it
        Assert.InRange(CachedBytes(), 31 * MiB, 33 * MiB);      // nothing dropped yet: it was not on disk at the call
        Write(writer, 8, 0x22);

        trimmer.Trim();                                        // drops the first 32 MiB, starts writeback of the next 8
        Assert.InRange(CachedBytes(), 0, 9 * MiB);
        Assert.Equal(32L * MiB, trimmer.DroppedBytes);
    }

    [Fact]
    public void A_writer_that_rewrites_dropped_pages_reads_back_exactly_what_it_wrote()
    {
        using (var writer = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
        using (var trimmer = new WrittenPageTrimmer(_path))
        {
            Write(writer, 8, 0x33);
            trimmer.Trim();
            writer.Flush(flushToDisk: true);
            trimmer.Trim();
            Assert.Equal(8L * MiB, trimmer.DroppedBytes);
            writer.Position = 100;                             // like ffmpeg completing an MP4 header it wrote first
            writer.Write("header"u8);
            writer.Position = writer.Length;
            Write(writer, 1, 0x44);
        }
        var bytes = File.ReadAllBytes(_path);
        Assert.Equal(9 * MiB, bytes.Length);
        Assert.Equal("header"u8.ToArray(), bytes[100..106]);
        Assert.All(bytes[106..(8 * MiB)], b => Assert.Equal(0x33, b));
        Assert.All(bytes[(8 * MiB)..], b => Assert.Equal(0x44, b));
    }

    [Fact]
    public void A_file_that_does_not_exist_yet_is_picked_up_once_it_does()
    {
        using var trimmer = new WrittenPageTrimmer(_path);
        trimmer.Trim();                                        // ffmpeg has not created it: nothing to do, no error
        using var writer = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite);
        Write(writer, 2, 0x55);
        trimmer.Trim();
        writer.Flush(flushToDisk: true);
        trimmer.Trim();
        Assert.Equal(2L * MiB, trimmer.DroppedBytes);
    }

    private static void Write(FileStream writer, int mebibytes, byte value)
    {
        var block = new byte[MiB];
        Array.Fill(block, value);
        for (int i = 0; i < mebibytes; i++) writer.Write(block);
        writer.Flush();
    }

    private long CachedBytes()
    {
        var (exit, output, error) = Tool.Run("fincore", "--bytes", "--noheadings", "--output", "RES", _path);
        Assert.True(exit == 0, $"fincore failed ({exit}): {error}");
        return long.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    public void Dispose() => File.Delete(_path);
}
