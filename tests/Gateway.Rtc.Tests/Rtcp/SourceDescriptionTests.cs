using System.Text;
using Gateway.Rtc.Rtcp;

namespace Gateway.Rtc.Tests.Rtcp;

public sealed class SourceDescriptionTests
{
    [Fact]
    public void Writes_a_CNAME_chunk_as_ffmpeg_does()
    {
        var buffer = new byte[64];
        Assert.True(SourceDescription.TryWriteCName(buffer, 0x411D13A6, "video@gateway.test", out int written));
        // Captured from ffmpeg: the same bytes (tests/testdata/rtcp/ffmpeg-h264-sr-sdes-bye.hex).
        Assert.Equal("81CA0007411D13A60112766964656F40676174657761792E7465737400000000", Convert.ToHexString(buffer, 0, written));
    }

    [Fact]
    public void Two_chunks_with_several_items_and_exact_word_fit()
    {
        var buffer = new byte[128];
        var writer = new SourceDescriptionWriter(buffer);
        Assert.True(writer.TryAddChunk(1));
        Assert.True(writer.TryAddItem(SdesItemType.CName, "ab"u8));   // 4 + 4 bytes: the null needs a whole extra word
        Assert.True(writer.TryAddChunk(2));
        Assert.True(writer.TryAddItem(SdesItemType.CName, "c"u8));
        Assert.True(writer.TryAddItem(SdesItemType.Tool, "x"u8));
        Assert.True(writer.TryFinish(out int written));
        Assert.Equal("82CA0006" + "00000001" + "01026162" + "00000000" + "00000002" + "01016306" + "01780000", Convert.ToHexString(buffer, 0, written));

        Assert.True(SourceDescription.TryParse(buffer.AsSpan(0, written), out var sdes, out _));
        var seen = new List<string>();
        foreach (var chunk in sdes.Chunks)
        {
            foreach (var item in chunk.Items) seen.Add($"{chunk.Ssrc}/{item.Type}/{Encoding.UTF8.GetString(item.Text)}");
        }
        Assert.Equal(["1/CName/ab", "2/CName/c", "2/Tool/x"], seen);
    }

    [Theory]
    [InlineData("81CA000233333333" + "01026162", RtcpParseError.Malformed)]           // no terminating null octet
    [InlineData("81CA000233333333" + "01056162", RtcpParseError.Malformed)]           // item longer than the chunk
    [InlineData("82CA000233333333" + "00000000", RtcpParseError.BadCount)]            // SC=2, one chunk
    [InlineData("80CA0000", RtcpParseError.None)]                                     // SC=0 is legal
    public void Rejects_malformed_chunks(string hex, RtcpParseError expected)
    {
        Assert.Equal(expected == RtcpParseError.None, SourceDescription.TryParse(Convert.FromHexString(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Refuses_items_before_a_chunk_and_too_long_text()
    {
        var first = new SourceDescriptionWriter(new byte[600]);
        Assert.False(first.TryAddItem(SdesItemType.CName, "a"u8));
        var second = new SourceDescriptionWriter(new byte[600]);
        Assert.True(second.TryAddChunk(1));
        Assert.False(second.TryAddItem(SdesItemType.Note, new byte[256]));
        Assert.False(SourceDescription.TryWriteCName(new byte[600], 1, new string('x', 256), out _));
    }
}
