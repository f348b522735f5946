using Gateway.Rtc.Sdp;
using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.Tests.Sdp;

/// <summary>Examples from RFC 8866 (§5 and the per-line sections).</summary>
public sealed class SdpRfcExampleTests
{
    /// <summary>RFC 8866 §5, the example session description.</summary>
    private static readonly string[] Rfc8866Example =
    [
        "v=0",
        "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1",
        "s=Call to John Smith",
        "i=SDP Offer #1",
        "u=http://www.jdoe.example.com/home.html",
        "e=Jane Doe <jane@jdoe.example.com>",
        "p=+1 617 555-6011",
        "c=IN IP4 198.51.100.1",
        "t=0 0",
        "m=audio 49170 RTP/AVP 0",
        "m=audio 49180 RTP/AVP 0",
        "m=video 51372 RTP/AVP 99",
        "c=IN IP6 2001:db8::2",
        "a=rtpmap:99 h263-1998/90000",
    ];

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public void Rfc8866_example_parses_into_every_field_with_either_line_ending(string newline)
    {
        var sdp = SdpTestData.Parse(string.Join(newline, Rfc8866Example) + newline);
        Assert.Equal(new SdpOrigin("jdoe", "3724394400", "3724394405", "IN", "IP4", "198.51.100.1"), sdp.Origin);
        Assert.Equal("Call to John Smith", sdp.SessionName);
        Assert.Equal("SDP Offer #1", sdp.Information);
        Assert.Equal("http://www.jdoe.example.com/home.html", sdp.Uri);
        Assert.Equal(["Jane Doe <jane@jdoe.example.com>"], sdp.Emails);
        Assert.Equal(["+1 617 555-6011"], sdp.Phones);
        Assert.Equal(new SdpConnection("IN", "IP4", "198.51.100.1"), sdp.Connection);
        Assert.Equal([49170, 49180, 51372], sdp.Media.Select(m => m.Port));
        Assert.Equal("198.51.100.1", sdp.Media[0].GetEffectiveConnection(sdp)!.Address);
        Assert.Equal(new SdpConnection("IN", "IP6", "2001:db8::2"), sdp.Media[2].GetEffectiveConnection(sdp));
        Assert.Equal(new RtpMapAttribute(99, "h263-1998", 90000), Assert.Single(sdp.Media[2].Attributes));
        Assert.Equal("PCMU", Assert.Single(sdp.Media[1].GetCodecs()).EncodingName);
        Assert.Equal(string.Join("\r\n", Rfc8866Example) + "\r\n", sdp.ToString());
    }

    public static TheoryData<string, SdpConnection> Connections => new()
    {
        { "IN IP4 233.252.0.1/127", new("IN", "IP4", "233.252.0.1", Ttl: 127) },          // §5.7
        { "IN IP4 233.252.0.1/127/3", new("IN", "IP4", "233.252.0.1", 127, 3) },          // §5.7: three addresses
        { "IN IP6 ff00::db8:0:101/3", new("IN", "IP6", "ff00::db8:0:101", Count: 3) },    // §5.7: IP6 has no TTL
        { "IN IP4 198.51.100.1", new("IN", "IP4", "198.51.100.1") },
        { "IN IP6 2001:db8::2", new("IN", "IP6", "2001:db8::2") },
        { "IN FQDN example.com/x", new("IN", "FQDN", "example.com/x") },                 // unknown addrtype: kept whole
    };

    [Theory]
    [MemberData(nameof(Connections))]
    public void Connection_lines_parse_ttl_and_count_per_address_type(string value, SdpConnection expected)
    {
        var sdp = SdpTestData.Parse(SdpTestData.Crlf("v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "c=" + value, "t=0 0"));
        Assert.Equal(expected, sdp.Connection);
        Assert.Equal(value, sdp.Connection!.ToString());
    }

    [Fact]
    public void Timing_repeat_time_zone_and_key_lines_are_kept_in_place()
    {
        // RFC 8866 §5.10 and §5.11 examples; §5.12 k= is obsolete but still written back.
        var text = SdpTestData.Crlf("v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-",
            "b=CT:128", "t=3724394400 3724398000", "r=604800 3600 0 90000", "r=7d 1h 0 25h", "t=3724484400 0",
            "z=3730928400 -1h 3749680800 0", "k=prompt", "x=unknown line", "a=recvonly",
            "m=video 49170/2 RTP/AVP 31", "i=media title", "b=AS:256", "b=TIAS:256000", "k=clear:abc", "y=another", "a=rtpmap:31 H261/90000");
        var sdp = SdpTestData.Parse(text);
        Assert.Equal([new SdpBandwidth("CT", 128)], sdp.Bandwidths);
        Assert.Equal(2, sdp.Timings.Count);
        Assert.Equal((3724394400UL, 3724398000UL), (sdp.Timings[0].Start, sdp.Timings[0].Stop));
        Assert.Equal(["604800 3600 0 90000", "7d 1h 0 25h"], sdp.Timings[0].Repeats);
        Assert.Empty(sdp.Timings[1].Repeats);
        Assert.Equal("3730928400 -1h 3749680800 0", sdp.TimeZones);
        Assert.Equal("prompt", sdp.EncryptionKey);
        Assert.Equal([new SdpLine('x', "unknown line")], sdp.UnknownLines);
        var media = Assert.Single(sdp.Media);
        Assert.Equal((49170, (int?)2), (media.Port, media.PortCount));
        Assert.Equal("media title", media.Information);
        Assert.Equal([new SdpBandwidth("AS", 256), new SdpBandwidth("TIAS", 256000)], media.Bandwidths);
        Assert.Equal("clear:abc", media.EncryptionKey);
        Assert.Equal([new SdpLine('y', "another")], media.UnknownLines);
        Assert.Equal(SdpDirection.RecvOnly, media.GetDirection(sdp));
        Assert.Equal(text, sdp.ToString());
    }

    [Fact]
    public void Lines_out_of_rfc_order_are_accepted_and_written_in_rfc_order()
    {
        var sdp = SdpTestData.Parse("v=0\nt=0 0\ns=-\no=- 1 1 IN IP4 127.0.0.1\na=x\nc=IN IP4 127.0.0.1\nm=audio 9 RTP/AVP 0\na=sendonly\nc=IN IP4 127.0.0.2\n");
        Assert.Equal(
            SdpTestData.Crlf("v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0", "a=x",
                "m=audio 9 RTP/AVP 0", "c=IN IP4 127.0.0.2", "a=sendonly"),
            sdp.ToString());
    }

    [Fact]
    public void Data_channel_media_keeps_non_numeric_formats_and_sctp_attributes_as_generic()
    {
        var sdp = SdpTestData.Parse(SdpTestData.Crlf("v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "a=sctp-port:5000", "a=max-message-size:262144"));
        var media = Assert.Single(sdp.Media);
        Assert.Equal(["webrtc-datachannel"], media.Formats);
        Assert.Empty(media.GetCodecs());
        Assert.Equal("5000", media.Attributes.GetValue(SdpAttributeNames.SctpPort));
        Assert.Equal("262144", media.Attributes.GetValue(SdpAttributeNames.MaxMessageSize));
    }
}
