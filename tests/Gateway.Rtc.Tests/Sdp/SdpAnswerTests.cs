using Gateway.Rtc.Sdp;
using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.Tests.Sdp;

/// <summary>The model used the way the WHIP answer and the RTP answerSdp will use it: copy, then edit.</summary>
public sealed class SdpAnswerTests
{
    [Fact]
    public void An_rtp_answer_is_the_offer_with_bound_ports_and_address()
    {
        var offer = SdpTestData.ParseCapture("ffmpeg-vp8-opus-pcmu.sdp");
        var answer = offer.Clone();
        answer.Connection = SdpConnection.Create("127.0.0.1");
        int[] bound = [50000, 50002, 50004];
        for (var i = 0; i < answer.Media.Count; i++)
        {
            answer.Media[i].Port = bound[i];
            answer.Media[i].Connection = null;   // fall back to the session c=
        }

        Assert.NotEqual(offer, answer);
        Assert.Equal([41240, 41242, 41244], offer.Media.Select(m => m.Port));   // the copy is deep
        var reparsed = SdpTestData.Parse(answer.ToString());
        Assert.Equal(answer, reparsed);
        Assert.Equal(bound, reparsed.Media.Select(m => m.Port));
        Assert.All(reparsed.Media, m => Assert.Equal("127.0.0.1", m.GetEffectiveConnection(reparsed)!.Address));
        Assert.Equal([50001, 50003, 50005], reparsed.Media.Select(m => m.GetRtcpPort()));
        Assert.Equal(offer.Media.Select(m => m.GetCodecs()), reparsed.Media.Select(m => m.GetCodecs()), new CodecListComparer());
    }

    [Fact]
    public void A_whip_style_answer_mirrors_direction_and_replaces_ice_dtls_and_candidates()
    {
        var offer = SdpTestData.ParseCapture("chromium-offer-h264.sdp");
        var answer = offer.Clone();
        answer.Origin = SdpOrigin.Create("4242", "1");
        answer.Attributes.Set(new GenericAttribute(SdpAttributeNames.IceLite));
        foreach (var media in answer.Media)
        {
            media.Port = 41000;
            media.Attributes.SetDirection(media.GetDirection(offer).Reverse());
            media.Attributes.Set(SdpAttributeNames.IceUfrag, "gwuf");
            media.Attributes.Set(SdpAttributeNames.IcePwd, "gateway-password-0123456789");
            media.Attributes.Set(new SetupAttribute(SdpSetupRole.Passive));
            media.Attributes.RemoveAll<CandidateAttribute>();
            media.Attributes.RemoveAll<SsrcAttribute>();
            media.Attributes.Add(CandidateAttribute.Host("1", 1, "udp", 2130706431, "127.0.0.1", 41000));
            media.Attributes.Add(new GenericAttribute(SdpAttributeNames.EndOfCandidates));
        }

        var parsed = SdpTestData.Parse(answer.ToString());
        Assert.Equal(answer, parsed);
        Assert.True(parsed.Attributes.Contains(SdpAttributeNames.IceLite));
        Assert.Equal("4242", parsed.Origin.SessionId);
        foreach (var media in parsed.Media)
        {
            Assert.Equal(SdpDirection.RecvOnly, media.GetDirection(parsed));
            Assert.Equal(new IceCredentials("gwuf", "gateway-password-0123456789"), media.GetIceCredentials(parsed));
            Assert.Equal(SdpSetupRole.Passive, media.GetSetup(parsed));
            var candidate = Assert.Single(media.Candidates);
            Assert.Equal(("127.0.0.1", 41000, "host"), (candidate.Address, candidate.Port, candidate.Type));
            Assert.Empty(media.Ssrcs);
            Assert.Equal("a=end-of-candidates", media.Attributes[^1].ToString());
        }
        // The offer is untouched.
        Assert.Equal(SdpSetupRole.ActPass, offer.Media[0].GetSetup(offer));
        Assert.Equal(2, offer.Media[1].Ssrcs.Count());
    }

    [Fact]
    public void Session_level_ice_dtls_and_direction_apply_when_media_has_none()
    {
        var sdp = SdpTestData.Parse(SdpTestData.Crlf("v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0",
            "a=ice-ufrag:sess", "a=ice-pwd:session-password-123456789", "a=fingerprint:sha-1 AA:BB", "a=setup:active", "a=inactive",
            "m=audio 5004 RTP/AVP 0", "a=ice-pwd:media-password-1234567890", "a=rtcp:5010",
            "m=video 5006 RTP/AVP 96", "a=sendonly", "a=fingerprint:sha-256 01:02", "a=rtpmap:96 VP8/90000", "a=rtcp-fb:* nack"));
        var (audio, video) = (sdp.Media[0], sdp.Media[1]);
        Assert.Equal(new IceCredentials("sess", "media-password-1234567890"), audio.GetIceCredentials(sdp));
        Assert.Equal("sha-1", audio.GetFingerprint(sdp)!.HashFunction);
        Assert.Equal("sha-256", video.GetFingerprint(sdp)!.HashFunction);
        Assert.Equal(SdpSetupRole.Active, video.GetSetup(sdp));
        Assert.Equal(SdpDirection.Inactive, audio.GetDirection(sdp));
        Assert.Equal(SdpDirection.SendOnly, video.GetDirection(sdp));
        Assert.Equal(5010, audio.GetRtcpPort());
        Assert.Equal(5007, video.GetRtcpPort());
        Assert.Null(audio.GetEffectiveConnection(sdp));
        Assert.Equal(["nack"], Assert.Single(video.GetCodecs()).FeedbackTypes);
    }

    private sealed class CodecListComparer : IEqualityComparer<IReadOnlyList<SdpCodec>>
    {
        public bool Equals(IReadOnlyList<SdpCodec>? x, IReadOnlyList<SdpCodec>? y) => x!.SequenceEqual(y!);

        public int GetHashCode(IReadOnlyList<SdpCodec> obj) => obj.Count;
    }
}
