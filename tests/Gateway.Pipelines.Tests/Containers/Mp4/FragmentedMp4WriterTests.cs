using System.Buffers;
using System.Buffers.Binary;
using Gateway.Pipelines.Containers.Mp4;

namespace Gateway.Pipelines.Tests.Containers.Mp4;

/// <summary>The writer's own rules, read back box by box; real files are checked with ffprobe in NativeMp4SinkTests.</summary>
public sealed class FragmentedMp4WriterTests
{
    private static readonly Mp4Track Audio = new(Mp4Codec.Opus, 48000, [.. "OpusHead"u8, 1, 2, 0x38, 0x01, 0x80, 0xBB, 0, 0, 0, 0, 0], Channels: 2);

    [Fact]
    public void Each_sample_lasts_until_the_next_and_the_last_as_long_as_the_one_before()
    {
        var writer = new FragmentedMp4Writer([Audio], TimeSpan.FromSeconds(10));
        var output = new ArrayBufferWriter<byte>();
        writer.WriteHeader(output);
        int header = output.WrittenCount;
        Assert.True(writer.Write(output, 0, 960, true, [1, 2, 3]));
        Assert.True(writer.Write(output, 0, 1920, true, [4]));
        Assert.True(writer.Write(output, 0, 3000, true, [5, 6]));
        Assert.Equal(header, output.WrittenCount);          // nothing yet: one fragment, still open
        writer.Finish(output);

        var (tfdt, samples, media) = ReadFragment(output.WrittenSpan[header..]);
        Assert.Equal(960UL, tfdt);
        Assert.Equal([(960u, 3u), (1080u, 1u), (1080u, 2u)], samples.Select(s => (s.Duration, s.Size)));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, media);
    }

    [Theory]
    [InlineData(1000L)]
    [InlineData(999L)]
    [InlineData(-1L)]
    public void A_time_that_does_not_increase_is_refused(long time)
    {
        var writer = new FragmentedMp4Writer([Audio], TimeSpan.FromSeconds(1));
        var output = new ArrayBufferWriter<byte>();
        Assert.True(writer.Write(output, 0, 1000, true, [1]));
        Assert.False(writer.Write(output, 0, time, true, [2]));
    }

    [Fact]
    public void A_fragment_closes_once_it_spans_the_maximum()
    {
        var writer = new FragmentedMp4Writer([Audio], TimeSpan.FromSeconds(1));
        var output = new ArrayBufferWriter<byte>();
        for (int i = 0; i <= 50; i++) writer.Write(output, 0, i * 960L, true, [(byte)i]);   // 20 ms packets: 1.02 s
        Assert.Equal(1u, writer.Fragments);
        var (tfdt, samples, media) = ReadFragment(output.WrittenSpan);
        Assert.Equal(0UL, tfdt);
        Assert.Equal(50, samples.Count);                    // the 51st starts the next fragment
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (byte)i), media);
    }

    /// <summary>moof (one traf) + mdat: tfdt, (duration, size, flags) per sample, and the bytes the trun points at.</summary>
    private static (ulong Tfdt, List<(uint Duration, uint Size, uint Flags)> Samples, byte[] Media) ReadFragment(ReadOnlySpan<byte> data)
    {
        Assert.True(data[4..8].SequenceEqual("moof"u8));
        int moofSize = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
        var moof = data[..moofSize];
        int tfdtAt = moof.IndexOf("tfdt"u8);
        ulong tfdt = BinaryPrimitives.ReadUInt64BigEndian(moof[(tfdtAt + 8)..]);
        int trunAt = moof.IndexOf("trun"u8);
        int count = (int)BinaryPrimitives.ReadUInt32BigEndian(moof[(trunAt + 8)..]);
        int offset = BinaryPrimitives.ReadInt32BigEndian(moof[(trunAt + 12)..]);
        var samples = new List<(uint, uint, uint)>();
        int total = 0;
        for (int i = 0; i < count; i++)
        {
            var entry = moof[(trunAt + 16 + 12 * i)..];
            samples.Add((BinaryPrimitives.ReadUInt32BigEndian(entry), BinaryPrimitives.ReadUInt32BigEndian(entry[4..]), BinaryPrimitives.ReadUInt32BigEndian(entry[8..])));
            total += (int)samples[^1].Item2;
        }
        Assert.True(data[(moofSize + 4)..(moofSize + 8)].SequenceEqual("mdat"u8));
        return (tfdt, samples, data.Slice(offset, total).ToArray());
    }
}
