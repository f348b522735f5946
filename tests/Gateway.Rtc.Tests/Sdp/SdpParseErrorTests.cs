using Gateway.Rtc.Sdp;

namespace Gateway.Rtc.Tests.Sdp;

public sealed class SdpParseErrorTests
{
    private const string Head = "v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nt=0 0\n";

    [Theory]
    [InlineData("", SdpParseErrorReason.Empty, 0)]
    [InlineData("\n\n", SdpParseErrorReason.MissingVersion, 0)]
    [InlineData("o=- 1 1 IN IP4 127.0.0.1\n", SdpParseErrorReason.MissingVersion, 1)]
    [InlineData("v=1\n", SdpParseErrorReason.BadVersion, 1)]
    [InlineData("v=0\ns=-\n", SdpParseErrorReason.MissingOrigin, 0)]
    [InlineData("v=0\no=- 1 1 IN IP4 127.0.0.1\n", SdpParseErrorReason.MissingSessionName, 0)]
    [InlineData("v=0\no=- 1 1 IN IP4\ns=-\n", SdpParseErrorReason.BadOrigin, 2)]
    [InlineData("v=0\no=- 1 1 IN IP4 127.0.0.1\no=- 1 1 IN IP4 127.0.0.1\n", SdpParseErrorReason.DuplicateLine, 3)]
    [InlineData(Head + "v=0\n", SdpParseErrorReason.DuplicateLine, 5)]
    [InlineData(Head + "s=again\n", SdpParseErrorReason.DuplicateLine, 5)]
    [InlineData(Head + "c=IN IP4\n", SdpParseErrorReason.BadConnection, 5)]
    [InlineData(Head + "c=IN IP4 233.252.0.1/x\n", SdpParseErrorReason.BadConnection, 5)]
    [InlineData(Head + "c=IN IP6 ff00::1/3/2\n", SdpParseErrorReason.BadConnection, 5)]
    [InlineData(Head + "c=IN IP4 127.0.0.1\nc=IN IP4 127.0.0.1\n", SdpParseErrorReason.DuplicateLine, 6)]
    [InlineData(Head + "b=AS\n", SdpParseErrorReason.BadBandwidth, 5)]
    [InlineData(Head + "b=AS:-1\n", SdpParseErrorReason.BadBandwidth, 5)]
    [InlineData(Head + "t=0\n", SdpParseErrorReason.BadTiming, 5)]
    [InlineData("v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nr=1 2 3\n", SdpParseErrorReason.BadTiming, 4)]
    [InlineData(Head + "m=audio\n", SdpParseErrorReason.BadMedia, 5)]
    [InlineData(Head + "m=audio 65536 RTP/AVP 0\n", SdpParseErrorReason.BadMedia, 5)]
    [InlineData(Head + "m=audio x/2 RTP/AVP 0\n", SdpParseErrorReason.BadMedia, 5)]
    [InlineData(Head + "m=audio 9 RTP/AVP 0\nt=0 0\n", SdpParseErrorReason.LineOutOfPlace, 6)]
    [InlineData(Head + "m=audio 9 RTP/AVP 0\ni=a\ni=b\n", SdpParseErrorReason.DuplicateLine, 7)]
    [InlineData(Head + "a=x\0y\n", SdpParseErrorReason.BadCharacter, 5)]
    [InlineData(Head + "a=x\ry\n", SdpParseErrorReason.BadCharacter, 5)]
    [InlineData(Head + "hello\n", SdpParseErrorReason.BadLineFormat, 5)]
    [InlineData(Head + "1=x\n", SdpParseErrorReason.BadLineFormat, 5)]
    [InlineData(Head + "a\n", SdpParseErrorReason.BadLineFormat, 5)]
    public void Bad_input_is_rejected_with_reason_and_line(string text, SdpParseErrorReason reason, int line)
    {
        Assert.False(SdpMessage.TryParse(text, out var message, out var error));
        Assert.Null(message);
        Assert.Equal(reason, error.Reason);
        Assert.Equal(line, error.Line);
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Fact]
    public void Null_text_is_rejected_not_thrown()
    {
        Assert.False(SdpMessage.TryParse(null!, out _, out var error));
        Assert.Equal(SdpParseErrorReason.Empty, error.Reason);
    }

    [Fact]
    public void Blank_lines_and_a_missing_final_line_ending_are_accepted()
    {
        var sdp = SdpTestData.Parse("\r\nv=0\r\n\r\no=- 1 1 IN IP4 127.0.0.1\ns=-\r\nt=0 0");
        Assert.Equal(SdpTestData.Crlf("v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0"), sdp.ToString());
    }

    [Fact]
    public void Hard_caps_reject_oversized_descriptions()
    {
        var limits = new SdpLimits { MaxLength = 400, MaxLines = 10, MaxLineLength = 40, MaxMediaSections = 2 };
        Assert.True(SdpMessage.TryParse(Head + "m=audio 9 RTP/AVP 0\nm=video 9 RTP/AVP 96\n", limits, out _, out _));

        Assert.False(SdpMessage.TryParse(Head + "m=audio 9 RTP/AVP 0\nm=video 9 RTP/AVP 96\nm=video 9 RTP/AVP 97\n", limits, out _, out var error));
        Assert.Equal((SdpParseErrorReason.TooManyMediaSections, 7), (error.Reason, error.Line));

        Assert.False(SdpMessage.TryParse(Head + "a=" + new string('x', 39) + "\n", limits, out _, out error));
        Assert.Equal((SdpParseErrorReason.LineTooLong, 5), (error.Reason, error.Line));

        Assert.False(SdpMessage.TryParse(Head + string.Concat(Enumerable.Repeat("a=x\n", 7)), limits, out _, out error));
        Assert.Equal((SdpParseErrorReason.TooManyLines, 11), (error.Reason, error.Line));

        Assert.False(SdpMessage.TryParse(Head + new string('\n', 400), limits, out _, out error));
        Assert.Equal(SdpParseErrorReason.TooLong, error.Reason);
    }

    [Fact]
    public void Default_caps_stop_a_megabyte_of_lines_before_reading_them()
    {
        var text = Head + string.Concat(Enumerable.Repeat("a=x\n", 300_000));
        Assert.False(SdpMessage.TryParse(text, out _, out var error));
        Assert.Equal(SdpParseErrorReason.TooLong, error.Reason);
        var many = Head + string.Concat(Enumerable.Repeat("m=audio 9 RTP/AVP 0\n", 300));
        Assert.False(SdpMessage.TryParse(many, out _, out error));
        Assert.Equal((SdpParseErrorReason.TooManyMediaSections, 5 + SdpLimits.Default.MaxMediaSections), (error.Reason, error.Line));
    }
}
