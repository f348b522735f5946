using Gateway.Rtc.Rtcp;

namespace Gateway.Rtc.Tests.Rtcp;

public sealed class GoodbyeAndApplicationTests
{
    [Theory]
    [InlineData("81CB0001411D13A6", new uint[] { 0x411D13A6 }, "")]                          // ffmpeg's BYE
    [InlineData("81CB0003411D13A6" + "0473746F" + "70000000", new uint[] { 0x411D13A6 }, "stop")]
    [InlineData("82CB00031111111122222222" + "00000000", new uint[] { 0x11111111, 0x22222222 }, "")] // empty reason
    [InlineData("80CB0000", new uint[0], "")]
    public void Goodbye_reads_sources_and_reason(string hex, uint[] sources, string reason)
    {
        var data = Convert.FromHexString(hex);
        Assert.True(Goodbye.TryParse(data, out var bye, out var error), error.ToString());
        Assert.Equal(sources, bye.Sources.ToArray());
        Assert.Equal(reason, System.Text.Encoding.UTF8.GetString(bye.Reason));
        if (reason.Length > 0 || data.Length == 4 + 4 * sources.Length)
        {
            var buffer = new byte[data.Length];
            Assert.True(new Goodbye(sources, System.Text.Encoding.UTF8.GetBytes(reason)).TryWriteTo(buffer, out int written));
            Assert.Equal(data, buffer[..written]);
        }
    }

    [Theory]
    [InlineData("82CB000111111111", RtcpParseError.BadCount)]
    [InlineData("81CB000211111111" + "09616263", RtcpParseError.Malformed)]  // reason longer than the packet
    public void Goodbye_rejects_with_a_reason(string hex, RtcpParseError expected)
    {
        Assert.False(Goodbye.TryParse(Convert.FromHexString(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Application_defined_reads_subtype_name_and_data()
    {
        var data = Convert.FromHexString("83CC0003" + "12345678" + "4E414D45" + "01020304");
        Assert.True(ApplicationDefined.TryParse(data, out var app, out _));
        Assert.Equal(3, app.Subtype);
        Assert.Equal(0x12345678u, app.Ssrc);
        Assert.Equal(0x4E414D45u, app.Name); // "NAME"
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, app.Data.ToArray());
        var buffer = new byte[16];
        Assert.True(app.TryWriteTo(buffer, out _));
        Assert.Equal(data, buffer);
        Assert.False(new ApplicationDefined(1, 1, 1, [1, 2, 3]).TryWriteTo(new byte[64], out _)); // not whole words
        Assert.False(ApplicationDefined.TryParse(Convert.FromHexString("80CC000112345678"), out _, out var error));
        Assert.Equal(RtcpParseError.Truncated, error);
    }
}
