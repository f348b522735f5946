using Gateway.Rtc.Sdp;
using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.Tests.Sdp;

/// <summary>Real SDPs from ffmpeg and headless Chromium (tests/testdata/sdp/README.md says how each was captured).</summary>
public sealed class SdpCaptureTests
{
    public static TheoryData<string> Captures => new(SdpTestData.Captures);

    [Theory]
    [MemberData(nameof(Captures))]
    public void Writing_a_parsed_capture_reproduces_it_byte_for_byte_modulo_line_endings(string name)
    {
        var text = SdpTestData.Read(name);
        var message = SdpTestData.ParseCapture(name);
        var written = message.ToString();
        Assert.Equal(SdpTestData.Normalize(text), SdpTestData.Normalize(written));
        Assert.DoesNotContain("\n", written.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal); // CRLF only
        Assert.Equal(message, SdpTestData.Parse(written));
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Every_known_attribute_in_a_capture_parses_as_its_typed_form(string name)
    {
        var message = SdpTestData.ParseCapture(name);
        string[] typed = ["rtpmap", "fmtp", "rtcp-fb", "extmap", "ssrc", "ssrc-group", "msid", "group", "rtcp",
                          "ice-options", "candidate", "fingerprint", "setup", "sendonly", "sendrecv", "recvonly", "inactive"];
        var all = message.Attributes.Concat(message.Media.SelectMany(m => m.Attributes));
        var untyped = all.OfType<GenericAttribute>().Where(a => typed.Contains(a.Name)).Select(a => a.ToString()).ToList();
        Assert.Empty(untyped);
    }

    [Fact]
    public void Ffmpeg_h264_opus_sdp_describes_two_rtp_avp_streams_on_loopback()
    {
        var sdp = SdpTestData.ParseCapture("ffmpeg-h264-opus.sdp");
        Assert.Equal(new SdpOrigin("-", "0", "0", "IN", "IP4", "127.0.0.1"), sdp.Origin);
        Assert.Equal("No Name", sdp.SessionName);
        Assert.Equal([SdpTiming.Unbounded], sdp.Timings);
        Assert.Equal(new GenericAttribute("tool", "libavformat LIBAVFORMAT_VERSION"), Assert.Single(sdp.Attributes));
        Assert.Equal(2, sdp.Media.Count);

        var video = sdp.Media[0];
        Assert.Equal(("video", 41230, "RTP/AVP"), (video.Media, video.Port, video.Protocol));
        Assert.Equal(new SdpConnection("IN", "IP4", "127.0.0.1"), video.GetEffectiveConnection(sdp));
        Assert.Equal([new SdpBandwidth("AS", 1000)], video.Bandwidths);
        Assert.Equal(41231, video.GetRtcpPort());
        Assert.Equal(SdpDirection.SendRecv, video.GetDirection(sdp));
        var h264 = Assert.Single(video.GetCodecs());
        Assert.Equal((96, "H264", 90000, (int?)null), (h264.PayloadType, h264.EncodingName, h264.ClockRate, h264.Channels));
        Assert.Equal("1", h264.GetParameter("packetization-mode"));
        Assert.Empty(h264.FeedbackTypes);

        var opus = Assert.Single(sdp.Media[1].GetCodecs());
        Assert.Equal((111, "opus", 48000, (int?)2), (opus.PayloadType, opus.EncodingName, opus.ClockRate, opus.Channels));
        Assert.Equal([new("sprop-stereo", "1")], opus.Parameters);
        Assert.Equal(41233, sdp.Media[1].GetRtcpPort());
    }

    [Fact]
    public void Ffmpeg_pcmu_without_rtpmap_resolves_through_the_static_payload_table()
    {
        var sdp = SdpTestData.ParseCapture("ffmpeg-vp8-opus-pcmu.sdp");
        Assert.Equal(["video", "audio", "audio"], sdp.Media.Select(m => m.Media));
        Assert.Equal([41240, 41242, 41244], sdp.Media.Select(m => m.Port));
        Assert.Equal("VP8", Assert.Single(sdp.Media[0].GetCodecs()).EncodingName);
        var pcmu = sdp.Media[2];
        Assert.DoesNotContain(pcmu.Attributes, a => a is RtpMapAttribute);
        var codec = Assert.Single(pcmu.GetCodecs());
        Assert.Equal((0, "PCMU", 8000, (int?)1, (string?)null), (codec.PayloadType, codec.EncodingName, codec.ClockRate, codec.Channels, codec.FmtpText));
        Assert.Equal([new SdpBandwidth("AS", 64)], pcmu.Bandwidths);
    }

    [Theory]
    [InlineData("chromium-offer-default.sdp", "VP8")]
    [InlineData("chromium-offer-h264.sdp", "H264")]
    public void Chromium_offer_has_bundle_ice_dtls_and_the_expected_codecs(string name, string firstVideoCodec)
    {
        var sdp = SdpTestData.ParseCapture(name);
        var bundle = Assert.Single(sdp.Attributes.GetAll<GroupAttribute>());
        Assert.Equal(GroupAttribute.Bundle, bundle.Semantics);
        Assert.Equal(["0", "1"], bundle.Mids);
        Assert.Equal(new SdpTiming(0, 0, ValueList<string>.Empty), Assert.Single(sdp.Timings));
        Assert.Equal("IN", sdp.Origin.NetworkType);
        Assert.Equal(["audio", "video"], sdp.Media.Select(m => m.Media));

        foreach (var media in sdp.Media)
        {
            Assert.Equal("UDP/TLS/RTP/SAVPF", media.Protocol);
            Assert.Same(media, sdp.FindByMid(media.Mid!));
            Assert.Equal(SdpDirection.SendOnly, media.GetDirection(sdp));
            Assert.True(media.IsRtcpMux);
            Assert.Equal(media.Port, media.GetRtcpPort());   // rtcp-mux wins over the a=rtcp:9 placeholder
            Assert.Equal(new RtcpAttribute(9, new SdpConnection("IN", "IP4", "0.0.0.0")), media.Attributes.Get<RtcpAttribute>());
            var ice = media.GetIceCredentials(sdp);
            Assert.NotNull(ice);
            Assert.InRange(ice.Ufrag.Length, 4, 256);      // RFC 8839 §5.4: ufrag 4+ chars, pwd 22+
            Assert.InRange(ice.Password.Length, 22, 256);
            Assert.Equal(["trickle"], media.Attributes.Get<IceOptionsAttribute>()!.Options);
            var fingerprint = media.GetFingerprint(sdp)!;
            Assert.Equal("sha-256", fingerprint.HashFunction);
            Assert.True(fingerprint.TryGetBytes(out var hash));
            Assert.Equal(32, hash.Length);
            Assert.Equal(SdpSetupRole.ActPass, media.GetSetup(sdp));

            var candidates = media.Candidates.ToList();
            Assert.NotEmpty(candidates);
            Assert.All(candidates, c => Assert.Equal("host", c.Type));
            Assert.All(candidates, c => Assert.Equal("127.0.0.1", c.Address));
            var udp = Assert.Single(candidates, c => c.IsUdp);
            Assert.Equal((1, media.Port, "0"), (udp.Component, udp.Port, udp.GetExtension("generation")));
            Assert.Equal("1", udp.GetExtension("network-id"));
            var tcp = Assert.Single(candidates, c => c.Transport == "tcp");
            Assert.Equal("active", tcp.GetExtension("tcptype"));

            var ids = media.Extensions.Select(e => e.Id).ToList();
            Assert.Equal(ids.Distinct().Count(), ids.Count);
            Assert.All(ids, id => Assert.InRange(id, 1, 14));
            Assert.Contains(media.Extensions, e => e.Uri == "urn:ietf:params:rtp-hdrext:sdes:mid");
            Assert.NotEmpty(media.Ssrcs);
        }

        var audio = sdp.Media[0].GetCodecs();
        var opus = audio[0];
        Assert.Equal(("opus", 48000, (int?)2, 111), (opus.EncodingName, opus.ClockRate, opus.Channels, opus.PayloadType));
        Assert.Equal("minptime=10;useinbandfec=1", opus.FmtpText);
        Assert.Equal([new("minptime", "10"), new("useinbandfec", "1")], opus.Parameters);
        Assert.Equal(["transport-cc"], opus.FeedbackTypes);
        Assert.Contains(audio, c => c.Is("PCMU") && c.PayloadType == 0 && c.ClockRate == 8000);
        Assert.Contains(audio, c => c.Is("telephone-event") && c.ClockRate == 8000);

        var video = sdp.Media[1].GetCodecs();
        Assert.Equal(sdp.Media[1].Formats.Count, video.Count);   // Chromium maps every payload type
        Assert.Equal(firstVideoCodec, video[0].EncodingName);
        var h264 = video.Where(c => c.Is("H264")).ToList();
        Assert.Contains(h264, c => c.GetParameter("profile-level-id") == "42e01f" && c.GetParameter("packetization-mode") == "1");
        Assert.All(h264, c => Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], c.FeedbackTypes));
        var vp8 = Assert.Single(video, c => c.Is("VP8"));
        var rtx = Assert.Single(video, c => c.Is("rtx") && c.GetParameter("apt") == vp8.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(90000, rtx.ClockRate);
        var fid = Assert.Single(sdp.Media[1].Attributes.GetAll<SsrcGroupAttribute>());
        Assert.Equal("FID", fid.Semantics);
        Assert.Equal(2, fid.Ssrcs.Count);
        Assert.Equal(fid.Ssrcs, sdp.Media[1].Ssrcs);
        var msid = sdp.Media[1].Attributes.Get<MsidAttribute>()!;
        Assert.Equal(msid.StreamId, sdp.Media[0].Attributes.Get<MsidAttribute>()!.StreamId);
        Assert.NotNull(msid.TrackId);
    }

    [Fact]
    public void Chromium_session_level_msid_semantic_with_its_leading_space_is_kept_verbatim()
    {
        var sdp = SdpTestData.ParseCapture("chromium-offer-default.sdp");
        var semantic = Assert.Single(sdp.Attributes.GetAll("msid-semantic"));
        Assert.StartsWith(" WMS ", semantic.Value, StringComparison.Ordinal);
        Assert.Equal(new GenericAttribute("extmap-allow-mixed"), sdp.Attributes[1]);
    }
}
