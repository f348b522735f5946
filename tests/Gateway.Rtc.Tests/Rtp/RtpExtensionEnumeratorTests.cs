using Gateway.Rtc.Rtp;

namespace Gateway.Rtc.Tests.Rtp;

public sealed class RtpExtensionEnumeratorTests
{
    private static string Walk(ushort profile, string hex, out bool truncated)
    {
        var elements = new List<string>();
        var enumerator = RtpHeaderExtension.Enumerate(profile, Convert.FromHexString(hex));
        while (enumerator.MoveNext())
        {
            var (id, data) = enumerator.Current;
            elements.Add($"{id}:{Convert.ToHexString(data)}");
        }
        truncated = enumerator.Truncated;
        return string.Join(" ", elements);
    }

    [Theory]
    // RFC 8285 §4.2 figure: id 1 len 1, id 2 len 2 (with padding between), id 3 len 4, padding to the word.
    [InlineData("10AA21BBBB003344556677000000", "1:AA 2:BBBB 3:44556677")]
    [InlineData("", "")]
    [InlineData("00000000", "")]                          // only padding
    [InlineData("10AAF0FF20CC", "1:AA")]                  // id 15 stops the walk, §4.2
    [InlineData("5F000102030405060708090A0B0C0D0E0F", "5:000102030405060708090A0B0C0D0E0F")] // 16 bytes, the maximum
    [InlineData("10AA03", "1:AA")]                        // id 0 with a length is invalid: stop
    public void One_byte_form(string hex, string expected)
    {
        Assert.Equal(expected, Walk(0xBEDE, hex, out bool truncated));
        Assert.False(truncated);
    }

    [Theory]
    // RFC 8285 §4.3: id, length, data; zero-length elements allowed; padding bytes between.
    [InlineData("0101AA000002000303BBCCDD", "1:AA 2: 3:BBCCDD")]
    [InlineData("FF01EE", "255:EE")]
    public void Two_byte_form(string hex, string expected)
    {
        Assert.Equal(expected, Walk(0x1000, hex, out bool truncated));
        Assert.False(truncated);
        Assert.Equal(expected, Walk(0x100F, hex, out _)); // the low 4 "appbits" do not matter
    }

    [Theory]
    [InlineData(0xBEDE, "10AA23BBBB", "1:AA")]  // id 2 announces 4 bytes, 2 left
    [InlineData(0x1000, "0101AA0205BB", "1:AA")]
    [InlineData(0x1000, "0101AA07", "1:AA")]    // element header cut in half
    public void Truncated_element_stops_and_says_so(ushort profile, string hex, string expected)
    {
        Assert.Equal(expected, Walk(profile, hex, out bool truncated));
        Assert.True(truncated);
    }

    [Fact]
    public void Unknown_profile_yields_nothing()
    {
        Assert.Equal("", Walk(0xABAC, "10AA", out _));
    }

    [Fact]
    public void Enumerates_the_extension_of_a_parsed_packet()
    {
        // seq 1, X bit, 0xBEDE with 2 words: id 2 (3 bytes, like abs-send-time), id 3 (2 bytes, like a transport-wide sequence), padding.
        var packet = Convert.FromHexString("906F0001000000100000ABCD" + "BEDE0002" + "22123456" + "31ABCD00" + "FF");
        Assert.True(RtpHeader.TryParse(packet, out var header, out var payload, out _));
        var seen = new List<(int, string)>();
        foreach (var element in RtpHeaderExtension.Enumerate(header, packet)) seen.Add((element.Id, Convert.ToHexString(element.Data)));
        Assert.Equal([(2, "123456"), (3, "ABCD")], seen);
        Assert.Equal(new byte[] { 0xFF }, packet[payload]);
    }
}
