using Gateway.Rtc.Rtp;

namespace Gateway.Rtc.Tests.Rtp;

public sealed class RtpHeaderTests
{
    [Theory]
    // V=2, PT 96, seq 65535, ts 0xFFFFFFFF: the wrap edges, empty payload.
    [InlineData("8060FFFFFFFFFFFF11223344", false, 96, 65535, 0xFFFFFFFFu, 0x11223344u, 12, 0)]
    // marker + PT 111, seq 0, ts 0, 3-byte payload.
    [InlineData("80EF000000000000DEADBEEFAABBCC", true, 111, 0, 0u, 0xDEADBEEFu, 12, 3)]
    // ffmpeg H.264 packet (captured, truncated to its first payload bytes): seq 65535, ts 0x2C69F006.
    [InlineData("80E0FFFF2C69F006411D13A6419A8033C0", true, 96, 65535, 0x2C69F006u, 0x411D13A6u, 12, 5)]
    public void Parses_the_fixed_header(string hex, bool marker, byte payloadType, ushort sequence, uint timestamp, uint ssrc,
        int headerLength, int payloadLength)
    {
        var data = Convert.FromHexString(hex);
        Assert.True(RtpHeader.TryParse(data, out var header, out var payload, out var error));
        Assert.Equal(RtpParseError.None, error);
        Assert.Equal(new RtpHeader(marker, payloadType, sequence, timestamp, ssrc) { HeaderLength = headerLength }, header);
        Assert.Equal(payloadLength, data[payload].Length);
    }

    [Theory]
    [InlineData("", RtpParseError.TooShort)]
    [InlineData("80600001000000000000", RtpParseError.TooShort)]
    [InlineData("406000010000000000000001", RtpParseError.BadVersion)]           // V=1
    [InlineData("816000010000000000000001", RtpParseError.Truncated)]            // CC=1, no CSRC
    [InlineData("906000010000000000000001BEDE0001", RtpParseError.Truncated)]    // X, one word announced, none there
    [InlineData("A06000010000000000000001", RtpParseError.BadPadding)]           // P set, nothing after header
    [InlineData("A0600001000000000000000100", RtpParseError.BadPadding)]         // padding count 0
    [InlineData("A0600001000000000000000105", RtpParseError.BadPadding)]         // padding 5 > 1 byte left
    public void Rejects_malformed_datagrams_with_a_reason(string hex, RtpParseError expected)
    {
        Assert.False(RtpHeader.TryParse(Convert.FromHexString(hex), out _, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Fifteen_CSRCs_padding_and_extension_are_located()
    {
        var buffer = new byte[256];
        uint[] csrcs = Enumerable.Range(1, 15).Select(i => (uint)i * 0x01010101u).ToArray();
        var writer = new RtpPacketWriter(buffer);
        Assert.True(writer.TryWriteHeader(new RtpHeader(true, 100, 7, 9, 0xCAFEBABE), csrcs, RtpExtensionForm.OneByte));
        Assert.True(writer.TryAddExtension(3, [0xAA, 0xBB]));
        Assert.True(writer.TryFinish([1, 2, 3], 4, out int written));
        var packet = buffer[..written];

        Assert.True(RtpHeader.TryParse(packet, out var header, out var payload, out _));
        Assert.Equal(15, header.CsrcCount);
        Assert.Equal(csrcs, Enumerable.Range(0, 15).Select(i => header.GetCsrc(packet, i)));
        Assert.True(header.HasExtension);
        Assert.Equal(RtpHeaderExtension.OneByteProfile, header.ExtensionProfile);
        Assert.Equal(12 + 60 + 4, header.ExtensionOffset);
        Assert.Equal(4, header.ExtensionLength);         // 3 bytes of element, 1 of padding
        Assert.Equal(12 + 60 + 8, header.HeaderLength);
        Assert.Equal(4, header.PaddingLength);
        Assert.Equal(new byte[] { 1, 2, 3 }, packet[payload]);
        Assert.Equal(12 + 60 + 8 + 3 + 4, written);
        Assert.Equal(0xBF, packet[0]);                   // V=2, P, X, CC=15
    }
}
