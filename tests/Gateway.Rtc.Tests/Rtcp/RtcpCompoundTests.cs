using Gateway.Rtc.Rtcp;

namespace Gateway.Rtc.Tests.Rtcp;

public sealed class RtcpCompoundTests
{
    private const string ReceiverReportEmpty = "80C9000111111111";           // RR, RC=0
    private const string Pli = "81CE00021111111122222222";
    private const string SdesEmpty = "81CA000233333333" + "00000000";     // one chunk, no items

    [Theory]
    [InlineData(ReceiverReportEmpty + Pli, RtcpParseError.None, 2)]
    [InlineData(ReceiverReportEmpty + SdesEmpty + Pli, RtcpParseError.None, 3)]
    [InlineData(ReceiverReportEmpty + "81CE0002111111", RtcpParseError.Truncated, 1)]     // cut in the middle
    [InlineData(ReceiverReportEmpty + "41CE000211111111222222", RtcpParseError.BadVersion, 1)]
    [InlineData(ReceiverReportEmpty + "81", RtcpParseError.TooShort, 1)]
    [InlineData("A0C90001111111" + "00", RtcpParseError.BadPadding, 0)]                 // padding count 0
    [InlineData("A0C9000111111109", RtcpParseError.BadPadding, 0)]                      // padding longer than the body
    [InlineData("", RtcpParseError.None, 0)]
    public void Enumerates_packets_and_stops_at_the_first_broken_one(string hex, RtcpParseError expectedError, int expectedCount)
    {
        var packets = RtcpCompound.Enumerate(Convert.FromHexString(hex));
        int count = 0;
        while (packets.MoveNext()) count++;
        Assert.Equal(expectedCount, count);
        Assert.Equal(expectedError, packets.Error);
    }

    [Fact]
    public void Yields_type_count_and_the_payload_without_padding()
    {
        // RR (RC=0) padded by 4 bytes: P bit, length 2 words, last octet 4.
        var data = Convert.FromHexString("A0C9000211111111" + "00000004");
        var packets = RtcpCompound.Enumerate(data);
        Assert.True(packets.MoveNext());
        Assert.Equal(RtcpPacketType.ReceiverReport, packets.Current.Type);
        Assert.Equal(0, packets.Current.Count);
        Assert.Equal("11111111", Convert.ToHexString(packets.Current.Payload));
        Assert.Equal(12, packets.Current.Data.Length);
        Assert.False(packets.MoveNext());
    }

    [Theory]
    [InlineData(ReceiverReportEmpty + Pli, RtcpParseError.None)]
    [InlineData(Pli + ReceiverReportEmpty, RtcpParseError.FirstNotReport)]
    [InlineData("A0C9000211111111" + "00000004" + Pli, RtcpParseError.PaddingNotLast)]
    [InlineData(ReceiverReportEmpty + "A1CE00031111111122222222" + "00000004", RtcpParseError.None)] // padding on the last is fine
    [InlineData(ReceiverReportEmpty + "00", RtcpParseError.TooShort)]
    [InlineData("", RtcpParseError.TooShort)]
    public void Validates_compounds_as_RFC_3550_A2(string hex, RtcpParseError expected)
    {
        Assert.Equal(expected == RtcpParseError.None, RtcpCompound.Validate(Convert.FromHexString(hex), out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("80C9000111111111", RtcpPacketType.ReceiverReport, 0, 1, 8)]
    [InlineData("9FCD0000", RtcpPacketType.TransportFeedback, 31, 0, 4)]
    public void Header_round_trips(string hex, RtcpPacketType type, byte count, ushort length, int packetLength)
    {
        var data = Convert.FromHexString(hex);
        Assert.True(RtcpHeader.TryParse(data, out var header, out _));
        Assert.Equal(new RtcpHeader(false, count, type, length), header);
        Assert.Equal(packetLength, header.PacketLength);
        var buffer = new byte[4];
        Assert.True(header.TryWriteTo(buffer, out int written));
        Assert.Equal(4, written);
        Assert.Equal(data[..4], buffer);
    }
}
