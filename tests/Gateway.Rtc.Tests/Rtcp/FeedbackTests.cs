using Gateway.Rtc.Rtcp;

namespace Gateway.Rtc.Tests.Rtcp;

public sealed class FeedbackTests
{
    [Fact]
    public void Picture_loss_indication_is_PSFB_FMT_1_without_FCI()
    {
        var data = Convert.FromHexString("81CE0002" + "11111111" + "22222222");
        Assert.True(PictureLossIndication.TryParse(data, out var pli, out _));
        Assert.Equal(new PictureLossIndication(0x11111111, 0x22222222), pli);
        var buffer = new byte[12];
        Assert.True(pli.TryWriteTo(buffer, out _));
        Assert.Equal(data, buffer);
        Assert.False(PictureLossIndication.TryParse(Convert.FromHexString("84CE0002" + "11111111" + "22222222"), out _, out var error));
        Assert.Equal(RtcpParseError.WrongFormat, error); // FMT 4 is FIR
        Assert.False(PictureLossIndication.TryParse(Convert.FromHexString("81CD0002" + "11111111" + "22222222"), out _, out error));
        Assert.Equal(RtcpParseError.WrongPacketType, error); // RTPFB FMT 1 is NACK
    }

    [Fact]
    public void Full_intra_request_entries_carry_SSRC_and_command_sequence()
    {
        // RFC 5104 §4.3.1: media SSRC 0, then SSRC + seq nr + 3 reserved bytes per entry.
        var data = Convert.FromHexString("84CE0006" + "11111111" + "00000000" + "22222222" + "2A000000" + "33333333" + "FF000000");
        Assert.True(FullIntraRequest.TryParse(data, out var fir, out _));
        Assert.Equal(0x11111111u, fir.SenderSsrc);
        Assert.Equal(0u, fir.MediaSsrc);
        Assert.Equal([new FirEntry(0x22222222, 42), new FirEntry(0x33333333, 255)], fir.Entries.ToArray());
        var buffer = new byte[data.Length];
        Assert.True(new FullIntraRequest(0x11111111, [new FirEntry(0x22222222, 42), new FirEntry(0x33333333, 255)]).TryWriteTo(buffer, out _));
        Assert.Equal(data, buffer);
    }

    [Theory]
    // 1 000 000 bit/s = 250000 × 2^2: exp 2, mantissa 0x3D090.
    [InlineData("8FCE0005" + "11111111" + "00000000" + "52454D42" + "01" + "0B" + "D090" + "22222222", 1_000_000ul, new uint[] { 0x22222222 })]
    // the largest mantissa with exponent 0
    [InlineData("8FCE0004" + "11111111" + "00000000" + "52454D42" + "00" + "03" + "FFFF", 0x3FFFFul, new uint[0])]
    public void Remb_encodes_bitrate_as_exponent_and_mantissa(string hex, ulong bitrate, uint[] ssrcs)
    {
        var data = Convert.FromHexString(hex);
        Assert.True(ReceiverEstimatedMaximumBitrate.TryParse(data, out var remb, out var error), error.ToString());
        Assert.Equal(0x11111111u, remb.SenderSsrc);
        Assert.Equal(bitrate, remb.Bitrate);
        Assert.Equal(ssrcs, remb.Ssrcs.ToArray());
        var buffer = new byte[data.Length];
        Assert.True(new ReceiverEstimatedMaximumBitrate(0x11111111, bitrate, ssrcs).TryWriteTo(buffer, out _));
        Assert.Equal(data, buffer);
    }

    [Theory]
    [InlineData("8FCE0004" + "11111111" + "00000000" + "52454D43" + "00000000", RtcpParseError.WrongFormat)] // not 'REMB'
    [InlineData("8FCE0004" + "11111111" + "00000000" + "52454D42" + "02000000", RtcpParseError.BadCount)]    // 2 SSRCs announced
    [InlineData("8FCE0003" + "11111111" + "00000000" + "52454D42", RtcpParseError.Truncated)]
    public void Remb_rejects_with_a_reason(string hex, RtcpParseError expected)
    {
        Assert.False(ReceiverEstimatedMaximumBitrate.TryParse(Convert.FromHexString(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Remb_saturates_a_bitrate_beyond_64_bits_and_truncates_low_bits_on_write()
    {
        // exponent 63, mantissa 3: 3 << 63 overflows.
        var data = Convert.FromHexString("8FCE0004" + "11111111" + "00000000" + "52454D42" + "00" + "FC" + "0003");
        Assert.True(ReceiverEstimatedMaximumBitrate.TryParse(data, out var remb, out _));
        Assert.Equal(ulong.MaxValue, remb.Bitrate);
        var buffer = new byte[20];
        Assert.True(new ReceiverEstimatedMaximumBitrate(1, 1_000_003, []).TryWriteTo(buffer, out _));
        Assert.True(ReceiverEstimatedMaximumBitrate.TryParse(buffer, out var truncated, out _));
        Assert.Equal(1_000_000ul, truncated.Bitrate);
    }
}
