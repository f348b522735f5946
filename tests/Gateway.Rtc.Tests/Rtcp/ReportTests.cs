using Gateway.Rtc.Rtcp;

namespace Gateway.Rtc.Tests.Rtcp;

public sealed class ReportTests
{
    // One report block, field by field (RFC 3550 §6.4.1).
    private const string Block = "22222222" + "19" + "FFFFFE" + "0001FFFF" + "00000020" + "AABBCCDD" + "00010000";
    private static readonly ReceptionReport ExpectedBlock = new(0x22222222, 0x19, -2, 0x0001FFFF, 0x20, 0xAABBCCDD, 0x10000);

    [Fact]
    public void Receiver_report_with_a_block_reads_every_field()
    {
        var data = Convert.FromHexString("81C90007" + "11111111" + Block);
        Assert.True(ReceiverReport.TryParse(data, out var rr, out var error), error.ToString());
        Assert.Equal(0x11111111u, rr.Ssrc);
        Assert.Equal([ExpectedBlock], rr.ReportBlocks.ToArray());
        Assert.Equal(-2, rr.ReportBlocks[0].CumulativeLost); // 24-bit two's complement
        Assert.Equal(TimeSpan.FromSeconds(1), NtpTimestamp.CompactToTimeSpan(rr.ReportBlocks[0].DelaySinceLastSenderReport));

        var buffer = new byte[data.Length];
        Assert.True(rr.TryWriteTo(buffer, out int written));
        Assert.Equal(data, buffer[..written]);
        var fromValues = new byte[data.Length];
        Assert.True(new ReceiverReport(0x11111111, [ExpectedBlock]).TryWriteTo(fromValues, out _));
        Assert.Equal(data, fromValues);
    }

    [Fact]
    public void Sender_report_with_two_blocks_and_a_profile_extension()
    {
        var data = Convert.FromHexString("82C80013" + "11111111" + "EEB0FACAC6E978D4" + "2C70D3D0" + "00000092" + "0000DACD"
            + Block + Block.Replace("22222222", "33333333") + "CAFEF00D");
        Assert.True(SenderReport.TryParse(data, out var sr, out var error), error.ToString());
        Assert.Equal(new SenderInfo(0x11111111, 0xEEB0FACAC6E978D4, 0x2C70D3D0, 0x92, 0xDACD), sr.Info);
        Assert.Equal(2, sr.ReportBlocks.Count);
        Assert.Equal(ExpectedBlock with { Ssrc = 0x33333333 }, sr.ReportBlocks[1]);
        Assert.Equal("CAFEF00D", Convert.ToHexString(sr.ProfileExtension));
        var buffer = new byte[data.Length];
        Assert.True(sr.TryWriteTo(buffer, out int written));
        Assert.Equal(data, buffer[..written]);
    }

    [Theory]
    [InlineData("81C9000111111111", RtcpParseError.BadCount)]        // RC=1 without a block
    [InlineData("80C90000", RtcpParseError.Truncated)]               // no reporter SSRC
    [InlineData("80C8000211111111EEB0FACA", RtcpParseError.Truncated)]
    [InlineData("80C9000111111111", RtcpParseError.None)]
    [InlineData("80C8000111111111", RtcpParseError.WrongPacketType)] // an SR header handed to the RR parser
    public void Receiver_report_rejects_with_a_reason(string hex, RtcpParseError expected)
    {
        var data = Convert.FromHexString(hex);
        bool ok = data[1] == 200 && expected != RtcpParseError.WrongPacketType
            ? SenderReport.TryParse(data, out _, out var error)
            : ReceiverReport.TryParse(data, out _, out error);
        Assert.Equal(expected == RtcpParseError.None, ok);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(int.MaxValue, "7FFFFF")]
    [InlineData(int.MinValue, "800000")]
    [InlineData(-1, "FFFFFF")]
    [InlineData(0x123456, "123456")]
    public void Cumulative_lost_is_clamped_to_24_bits_on_write(int lost, string expected)
    {
        var buffer = new byte[ReceptionReport.Size];
        Assert.True(new ReceptionReport(1, 0xFF, lost, 0, 0, 0, 0).TryWriteTo(buffer, out _));
        Assert.Equal("FF" + expected, Convert.ToHexString(buffer, 4, 4));
    }

    [Fact]
    public void Writing_refuses_32_blocks_and_a_small_buffer()
    {
        var blocks = new ReceptionReport[32];
        Assert.False(new ReceiverReport(1, blocks).TryWriteTo(new byte[1024], out _));
        Assert.False(new ReceiverReport(1, blocks[..1]).TryWriteTo(new byte[31], out _));
        Assert.True(new ReceiverReport(1, blocks[..1]).TryWriteTo(new byte[32], out int written));
        Assert.Equal(32, written);
    }
}
