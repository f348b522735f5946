using System.Buffers.Binary;
using Gateway.Pipelines.Containers.Mp4;

namespace Gateway.Pipelines.Tests.Containers.Mp4;

public sealed class FragmentedMp4TrimmerTests
{
    private static byte[] Box(string type, int payload)
    {
        var box = new byte[8 + payload];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        return box;
    }

    private static byte[] File(params byte[][] boxes) => boxes.SelectMany(b => b).ToArray();

    [Fact]
    public void A_complete_file_keeps_every_byte()
    {
        var file = File(Box("ftyp", 16), Box("moov", 100), Box("moof", 40), Box("mdat", 500), Box("mfra", 20));
        Assert.Equal(file.Length, FragmentedMp4Trimmer.CompleteLength(new MemoryStream(file)));
    }

    [Theory]
    [InlineData(1)]     // one byte of the next box header
    [InlineData(7)]
    [InlineData(40)]    // a whole moof, no mdat
    [InlineData(60)]    // moof and part of the mdat
    [InlineData(547)]   // all but the last mdat byte
    public void A_torn_last_fragment_is_cut_off(int tail)
    {
        var kept = File(Box("ftyp", 16), Box("moov", 100), Box("moof", 40), Box("mdat", 500));
        var torn = File(kept, File(Box("moof", 32), Box("mdat", 500)).Take(tail).ToArray());
        Assert.Equal(kept.Length, FragmentedMp4Trimmer.CompleteLength(new MemoryStream(torn)));
    }

    [Fact]
    public void A_64_bit_box_size_is_read()
    {
        var large = new byte[16 + 100];
        BinaryPrimitives.WriteUInt32BigEndian(large, 1);
        "mdat"u8.CopyTo(large.AsSpan(4));
        BinaryPrimitives.WriteUInt64BigEndian(large.AsSpan(8), (ulong)large.Length);
        var file = File(Box("ftyp", 16), Box("moof", 40), large);
        Assert.Equal(file.Length, FragmentedMp4Trimmer.CompleteLength(new MemoryStream(file)));
        Assert.Equal(24, FragmentedMp4Trimmer.CompleteLength(new MemoryStream(file[..^1])));
    }

    [Fact]
    public void Garbage_sizes_stop_the_walk_without_throwing()
    {
        var file = File(Box("ftyp", 16), [0, 0, 0, 3, (byte)'x', (byte)'x', (byte)'x', (byte)'x', 1, 2, 3]);
        Assert.Equal(24, FragmentedMp4Trimmer.CompleteLength(new MemoryStream(file)));
        Assert.Equal(0, FragmentedMp4Trimmer.CompleteLength(new MemoryStream([0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4])));
    }

    [Fact]
    public void A_file_has_media_only_with_a_complete_moov()
    {
        Assert.True(FragmentedMp4Trimmer.HasMovieBox(new MemoryStream(File(Box("ftyp", 16), Box("moov", 100), Box("moof", 40)))));
        Assert.False(FragmentedMp4Trimmer.HasMovieBox(new MemoryStream([])));
        Assert.False(FragmentedMp4Trimmer.HasMovieBox(new MemoryStream(File(Box("ftyp", 16)))));
        Assert.False(FragmentedMp4Trimmer.HasMovieBox(new MemoryStream(File(Box("ftyp", 16), Box("moov", 100))[..^1])));   // torn moov
        Assert.False(FragmentedMp4Trimmer.HasMovieBox(new MemoryStream(File(Box("ftyp", 16), [0, 0, 0, 3, (byte)'m', (byte)'o', (byte)'o', (byte)'v']))));
    }
}
