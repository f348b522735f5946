using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Pipelines.Containers.Matroska;

namespace Gateway.Pipelines.Tests.Containers.Matroska;

public sealed class EbmlTests
{
    [Theory]
    [InlineData(0UL, new byte[] { 0x80 })]
    [InlineData(1UL, new byte[] { 0x81 })]
    [InlineData(126UL, new byte[] { 0xFE })]
    [InlineData(127UL, new byte[] { 0x40, 0x7F })]                 // 0xFF alone would read as "unknown size"
    [InlineData(16382UL, new byte[] { 0x7F, 0xFE })]
    [InlineData(16383UL, new byte[] { 0x20, 0x3F, 0xFF })]
    [InlineData(2097150UL, new byte[] { 0x3F, 0xFF, 0xFE })]
    [InlineData(2097151UL, new byte[] { 0x10, 0x1F, 0xFF, 0xFF })]
    [InlineData(Ebml.MaxSize, new byte[] { 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE })]
    public void Sizes_take_the_shortest_vint_that_is_not_all_ones(ulong size, byte[] expected)
    {
        var buffer = new byte[8];
        int written = Ebml.WriteSize(buffer, size);
        Assert.Equal(expected, buffer[..written]);
    }

    [Fact]
    public void A_size_can_be_padded_to_a_longer_vint()
    {
        var buffer = new byte[8];
        Assert.Equal(8, Ebml.WriteSize(buffer, 5, 8));
        Assert.Equal(new byte[] { 0x01, 0, 0, 0, 0, 0, 0, 0x05 }, buffer);
        Assert.Throws<ArgumentOutOfRangeException>(() => Ebml.WriteSize(buffer, 127, 1));
    }

    [Theory]
    [InlineData(0x1A45DFA3u, new byte[] { 0x1A, 0x45, 0xDF, 0xA3 })]
    [InlineData(0x2AD7B1u, new byte[] { 0x2A, 0xD7, 0xB1 })]
    [InlineData(0x4286u, new byte[] { 0x42, 0x86 })]
    [InlineData(0xA3u, new byte[] { 0xA3 })]
    public void Ids_are_written_with_their_marker_bits(uint id, byte[] expected)
    {
        var buffer = new byte[4];
        Assert.Equal(expected, buffer[..Ebml.WriteId(buffer, id)]);
    }

    [Theory]
    [InlineData(0xD7u, 0UL, new byte[] { 0xD7, 0x81, 0x00 })]
    [InlineData(0x2AD7B1u, 1_000_000UL, new byte[] { 0x2A, 0xD7, 0xB1, 0x83, 0x0F, 0x42, 0x40 })]
    [InlineData(0xE7u, 0x1_0000_0000UL, new byte[] { 0xE7, 0x85, 0x01, 0, 0, 0, 0 })]
    public void Unsigned_integers_use_their_minimal_length(uint id, ulong value, byte[] expected)
    {
        var buffer = new byte[16];
        Assert.Equal(expected, buffer[..Ebml.WriteUIntElement(buffer, id, value)]);
    }

    [Property]
    public Property Every_size_reads_back_as_written()
    {
        var sizes = ArbMap.Default.GeneratorFor<ulong>().Select(v => v % (Ebml.MaxSize + 1)).ToArbitrary();
        return Prop.ForAll(sizes, size =>
        {
            var buffer = new byte[8];
            int written = Ebml.WriteSize(buffer, size);
            return EbmlReader.ReadVint(buffer, out int length) == size && length == written && written == Ebml.SizeLength(size);
        });
    }
}
