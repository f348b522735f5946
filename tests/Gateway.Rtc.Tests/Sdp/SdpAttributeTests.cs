using Gateway.Rtc.Sdp;
using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.Tests.Sdp;

public sealed class SdpAttributeTests
{
    private static readonly ValueList<KeyValuePair<string, string>> NoExtensions = ValueList<KeyValuePair<string, string>>.Empty;

    public static TheoryData<string, SdpAttribute> Typed => new()
    {
        { "rtpmap:96 H264/90000", new RtpMapAttribute(96, "H264", 90000) },
        { "rtpmap:111 opus/48000/2", new RtpMapAttribute(111, "opus", 48000, 2) },
        { "rtpmap:99 h263-1998/90000", new RtpMapAttribute(99, "h263-1998", 90000) },          // RFC 8866 §5
        { "fmtp:96 profile-level-id=42e01f;packetization-mode=1", new FmtpAttribute(96, "profile-level-id=42e01f;packetization-mode=1") },
        { "fmtp:63 111/111", new FmtpAttribute(63, "111/111") },
        { "fmtp:97", new FmtpAttribute(97, "") },
        { "rtcp-fb:96 nack", new RtcpFeedbackAttribute(96, "nack") },
        { "rtcp-fb:96 nack pli", new RtcpFeedbackAttribute(96, "nack", "pli") },
        { "rtcp-fb:* ccm tmmbr smaxpr=120", new RtcpFeedbackAttribute(null, "ccm", "tmmbr smaxpr=120") },   // RFC 5104 §7.3
        { "rtcp-fb:* trr-int 100", new RtcpFeedbackAttribute(null, "trr-int", "100") },                      // RFC 4585 §4.3
        { "extmap:1 http://example.com/082005/ext.htm#ttime", new ExtMapAttribute(1, "http://example.com/082005/ext.htm#ttime") }, // RFC 8285 §8
        { "extmap:2/sendrecv http://example.com/082005/ext.htm#xmeta short",
          new ExtMapAttribute(2, "http://example.com/082005/ext.htm#xmeta", SdpDirection.SendRecv, "short") },
        { "ssrc:314159 cname:user@example.com", new SsrcAttribute(314159, "cname", "user@example.com") },   // RFC 5576 §4.1
        { "ssrc:1 msid:stream track", new SsrcAttribute(1, "msid", "stream track") },
        { "ssrc:4294967295 previous-ssrc", new SsrcAttribute(uint.MaxValue, "previous-ssrc") },
        { "ssrc-group:FID 1 2", new SsrcGroupAttribute("FID", ValueList.Of(1u, 2u)) },
        { "ssrc-group:SIM 1 2 3", new SsrcGroupAttribute("SIM", ValueList.Of(1u, 2u, 3u)) },
        { "group:BUNDLE 0 1", new GroupAttribute("BUNDLE", ValueList.Of("0", "1")) },
        { "group:LS voice webcam", new GroupAttribute("LS", ValueList.Of("voice", "webcam")) },               // RFC 5888 §7
        { "group:BUNDLE", new GroupAttribute("BUNDLE", ValueList<string>.Empty) },
        { "msid:stream track", new MsidAttribute("stream", "track") },
        { "msid:-", new MsidAttribute("-") },
        { "rtcp:53020", new RtcpAttribute(53020) },                                                             // RFC 3605 §2.1
        { "rtcp:53020 IN IP4 126.16.64.4", new RtcpAttribute(53020, new SdpConnection("IN", "IP4", "126.16.64.4")) },
        { "rtcp:53020 IN IP6 2001:2345:6789:ABCD:EF01:2345:6789:ABCD",
          new RtcpAttribute(53020, new SdpConnection("IN", "IP6", "2001:2345:6789:ABCD:EF01:2345:6789:ABCD")) },
        { "ice-options:trickle ice2", new IceOptionsAttribute(ValueList.Of("trickle", "ice2")) },
        { "candidate:1 1 UDP 2130706431 203.0.113.141 8998 typ host",                                          // RFC 8839 §5.1
          new CandidateAttribute("1", 1, "UDP", 2130706431, "203.0.113.141", 8998, "host", null, null, NoExtensions) },
        { "candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998",
          new CandidateAttribute("2", 1, "UDP", 1694498815, "192.0.2.3", 45664, "srflx", "203.0.113.141", 8998, NoExtensions) },
        { "candidate:842163049 1 udp 1677729535 198.51.100.7 61000 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag EsAw network-cost 999",
          new CandidateAttribute("842163049", 1, "udp", 1677729535, "198.51.100.7", 61000, "srflx", "0.0.0.0", 0,
              ValueList.Of(new KeyValuePair<string, string>("generation", "0"), new("ufrag", "EsAw"), new("network-cost", "999"))) },
        { "candidate:3 2 tcp 1518280447 ::1 9 typ host tcptype active",
          new CandidateAttribute("3", 2, "tcp", 1518280447, "::1", 9, "host", null, null, ValueList.Of(new KeyValuePair<string, string>("tcptype", "active"))) },
        { "fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3F:AB:9E:4C:7A:30:F2:0C:AE:6A:D0:BE",
          new FingerprintAttribute("sha-256", "4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3F:AB:9E:4C:7A:30:F2:0C:AE:6A:D0:BE") },
        { "setup:actpass", new SetupAttribute(SdpSetupRole.ActPass) },
        { "setup:active", new SetupAttribute(SdpSetupRole.Active) },
        { "setup:passive", new SetupAttribute(SdpSetupRole.Passive) },
        { "setup:holdconn", new SetupAttribute(SdpSetupRole.HoldConn) },
        { "sendrecv", new DirectionAttribute(SdpDirection.SendRecv) },
        { "sendonly", new DirectionAttribute(SdpDirection.SendOnly) },
        { "recvonly", new DirectionAttribute(SdpDirection.RecvOnly) },
        { "inactive", new DirectionAttribute(SdpDirection.Inactive) },
    };

    [Theory]
    [MemberData(nameof(Typed))]
    public void Known_attributes_parse_to_their_typed_form_and_write_back_unchanged(string line, SdpAttribute expected)
    {
        var attribute = SdpAttributeParser.Parse(line);
        Assert.Equal(expected, attribute);
        Assert.Equal("a=" + line, attribute.ToString());
        Assert.Equal("a=" + line, expected.ToString());
    }

    [Theory]
    [InlineData("rtpmap:96 H264")]                        // no clock rate
    [InlineData("rtpmap:128 H264/90000")]                 // payload type is 7 bits
    [InlineData("rtpmap:096 H264/90000")]                 // not canonical: would be written as 96
    [InlineData("rtpmap:96 H264/90000/2/1")]
    [InlineData("rtpmap:-1 H264/90000")]
    [InlineData("fmtp:x a=b")]
    [InlineData("fmtp:96 ")]                              // trailing space is not canonical
    [InlineData("rtcp-fb:96")]
    [InlineData("rtcp-fb:96  nack")]
    [InlineData("extmap:1/sideways urn:x")]
    [InlineData("extmap:99999 urn:x")]
    [InlineData("extmap:1")]
    [InlineData("ssrc:abc cname:x")]
    [InlineData("ssrc:4294967296 cname:x")]
    [InlineData("ssrc-group:FID 1 x")]
    [InlineData("group:BUNDLE  0")]
    [InlineData("rtcp:70000")]
    [InlineData("rtcp:9 IN IP4")]
    [InlineData("ice-options:")]
    [InlineData("candidate:1 1 UDP 2130706431 203.0.113.141 8998 typ")]         // missing type
    [InlineData("candidate:1 1 UDP 2130706431 203.0.113.141 8998 type host")]
    [InlineData("candidate:1 0 UDP 2130706431 203.0.113.141 8998 typ host")]    // component starts at 1
    [InlineData("candidate:1 1 UDP 4294967296 203.0.113.141 8998 typ host")]
    [InlineData("candidate:1 1 UDP 1 203.0.113.141 8998 typ host generation")]  // extension without value
    [InlineData("candidate:1 1 UDP 1 192.0.2.3 1 typ srflx rport 2 raddr 192.0.2.4")] // not canonical order
    [InlineData("fingerprint:sha-256 4A:AD:B")]
    [InlineData("fingerprint:sha-256 4AAD")]
    [InlineData("fingerprint:sha-256 ZZ:AD")]
    [InlineData("setup:ACTPASS")]
    [InlineData("sendonly:x")]
    [InlineData("msid-semantic: WMS stream")]
    [InlineData("x-google-flag:conference")]
    public void Malformed_or_unknown_attributes_stay_generic_and_verbatim(string line)
    {
        var attribute = SdpAttributeParser.Parse(line);
        var generic = Assert.IsType<GenericAttribute>(attribute);
        Assert.Equal("a=" + line, generic.ToString());
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        Assert.Equal(colon < 0 ? line : line[..colon], generic.Name);
    }

    [Fact]
    public void Fmtp_parameter_view_keeps_order_trims_and_looks_up_case_insensitively()
    {
        var fmtp = new FmtpAttribute(102, "level-asymmetry-allowed=1; packetization-mode=1;profile-level-id=42001f;sprop-parameter-sets=Z0IAH5WoFAFuQA==,aM48gA==;flag");
        Assert.Equal(
            [new("level-asymmetry-allowed", "1"), new("packetization-mode", "1"), new("profile-level-id", "42001f"),
             new("sprop-parameter-sets", "Z0IAH5WoFAFuQA==,aM48gA=="), new("flag", "")],
            fmtp.GetParameters());
        Assert.Equal("42001f", fmtp.GetParameter("Profile-Level-Id"));
        Assert.Null(fmtp.GetParameter("missing"));
        Assert.Equal("a=fmtp:111 minptime=10;useinbandfec=1",
            FmtpAttribute.Create(111, [new("minptime", "10"), new("useinbandfec", "1")]).ToString());
    }

    [Fact]
    public void Fingerprint_bytes_round_trip_through_hex()
    {
        byte[] hash = [0x00, 0x0A, 0xFF, 0x10];
        var fingerprint = FingerprintAttribute.FromBytes("sha-256", hash);
        Assert.Equal("a=fingerprint:sha-256 00:0A:FF:10", fingerprint.ToString());
        Assert.True(fingerprint.TryGetBytes(out var decoded));
        Assert.Equal(hash, decoded);
        Assert.False(new FingerprintAttribute("sha-256", "0:0A").TryGetBytes(out _));
    }

    [Fact]
    public void Attribute_list_set_replaces_in_place_and_direction_is_swapped()
    {
        var list = new SdpAttributeList([new GenericAttribute("mid", "0"), new DirectionAttribute(SdpDirection.SendOnly),
                                         new GenericAttribute("ice-ufrag", "a"), new GenericAttribute("ice-ufrag", "b")]);
        list.Set("ice-ufrag", "c");
        list.SetDirection(SdpDirection.RecvOnly);
        Assert.Equal(["a=mid:0", "a=recvonly", "a=ice-ufrag:c"], list.Select(a => a.ToString()));
        Assert.Equal(SdpDirection.RecvOnly, list.Direction);
        Assert.Equal(1, list.RemoveAll("mid"));
        Assert.Equal(1, list.RemoveAll<DirectionAttribute>());
        Assert.Equal(["a=ice-ufrag:c"], list.Select(a => a.ToString()));
    }
}
