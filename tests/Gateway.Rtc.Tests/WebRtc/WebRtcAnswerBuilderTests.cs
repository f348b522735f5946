using System.Net;
using Gateway.Rtc.Sdp;
using Gateway.Rtc.Sdp.Attributes;
using Gateway.Rtc.WebRtc;

namespace Gateway.Rtc.Tests.WebRtc;

/// <summary>Answers to the real Chromium offers in tests/testdata/sdp.</summary>
public sealed class WebRtcAnswerBuilderTests
{
    private static readonly WebRtcAnswerOptions Options = new("gwUf", "gateway-ice-password-24c",
        "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
        [new IPEndPoint(IPAddress.Loopback, 8189), new IPEndPoint(IPAddress.IPv6Loopback, 8189)]);

    /// <summary>What the pipeline records; H.264 only in packetization-mode 1 (what a WebRTC sender fragments with).</summary>
    private static bool Records(SdpCodec codec) =>
        codec.Is("opus") || codec.Is("VP8") || codec.Is("VP9") || codec.Is("PCMU") || codec.Is("PCMA")
        || (codec.Is("H264") && codec.GetParameter("packetization-mode") == "1");

    private static SdpMessage Offer(string file)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "sdp", file));
        Assert.True(SdpMessage.TryParse(text, out var offer, out var error), error.ToString());
        return offer;
    }

    [Theory]
    [InlineData("chromium-offer-default.sdp", "VP8")]
    [InlineData("chromium-offer-h264.sdp", "H264")]
    public void Chromium_offers_get_a_bundled_recvonly_ice_lite_passive_answer(string file, string videoCodec)
    {
        var offer = Offer(file);
        Assert.True(WebRtcAnswerBuilder.TryBuild(offer, Records, Options, out var answer, out var negotiated, out _, out var reason), reason);

        Assert.Equal(["audio", "video"], negotiated.Select(m => m.Kind));
        Assert.Equal("opus", negotiated[0].Codec.EncodingName, ignoreCase: true);
        Assert.Equal(videoCodec, negotiated[1].Codec.EncodingName, ignoreCase: true);
        if (videoCodec == "H264") Assert.Equal("1", negotiated[1].Codec.GetParameter("packetization-mode"));

        // The text must parse again and keep every property a browser checks.
        Assert.True(SdpMessage.TryParse(answer!.ToString(), out var reparsed, out var error), error.ToString());
        Assert.True(reparsed.Attributes.Contains(SdpAttributeNames.IceLite));
        var bundle = Assert.Single(reparsed.Attributes.GetAll<GroupAttribute>());
        Assert.Equal(offer.Media.Select(m => m.Mid), bundle.Mids);
        Assert.Equal(offer.Media.Count, reparsed.Media.Count);
        for (var i = 0; i < reparsed.Media.Count; i++)
        {
            var m = reparsed.Media[i];
            Assert.Equal(offer.Media[i].Mid, m.Mid);
            Assert.Equal(offer.Media[i].Protocol, m.Protocol);
            Assert.Equal(SdpDirection.RecvOnly, m.GetDirection(reparsed));
            Assert.True(m.IsRtcpMux);
            Assert.True(m.Attributes.Contains(SdpAttributeNames.RtcpRsize));
            Assert.Equal(SdpSetupRole.Passive, m.GetSetup(reparsed));
            Assert.Equal("sha-256", m.GetFingerprint(reparsed)!.HashFunction);
            Assert.Equal(new IceCredentials("gwUf", "gateway-ice-password-24c"), m.GetIceCredentials(reparsed));
            Assert.Equal(["127.0.0.1", "::1"], m.Candidates.Select(c => c.Address));
            Assert.All(m.Candidates, c => Assert.Equal((8189, "host"), (c.Port, c.Type)));
            var codecs = m.GetCodecs();
            Assert.Equal(negotiated[i].Codec.PayloadType, codecs[0].PayloadType);
            if (m.Media == "audio") Assert.Single(codecs);
            else
            {
                // Video keeps the offered RTX format of the chosen codec (RFC 4588), nothing else.
                Assert.Equal(2, codecs.Count);
                Assert.Equal(("rtx", codecs[0].PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture)), (codecs[1].EncodingName, codecs[1].GetParameter("apt")));
                Assert.Equal(negotiated[i].RtxPayloadType, codecs[1].PayloadType);
            }
        }
        var video = reparsed.Media[1].GetCodecs()[0];
        Assert.Contains("nack", video.FeedbackTypes);
        Assert.Contains("nack pli", video.FeedbackTypes);
        Assert.DoesNotContain("transport-cc", video.FeedbackTypes);          // we do not send TWCC feedback yet
    }

    [Fact]
    public void An_offer_with_nothing_recordable_is_refused_with_the_offered_codecs_named()
    {
        var offer = Offer("chromium-offer-default.sdp");
        Assert.False(WebRtcAnswerBuilder.TryBuild(offer, c => c.Is("AV1X"), Options, out var answer, out _, out var failure, out var reason));
        Assert.Equal(WebRtcAnswerFailure.NoRecordableCodec, failure);
        Assert.Null(answer);
        Assert.Contains("opus", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("VP8", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_without_a_recordable_codec_is_declined_with_port_zero_and_left_out_of_the_bundle()
    {
        var offer = Offer("chromium-offer-default.sdp");
        Assert.True(WebRtcAnswerBuilder.TryBuild(offer, c => c.Is("opus"), Options, out var answer, out var negotiated, out _, out _));
        Assert.Equal(["audio"], negotiated.Select(m => m.Kind));
        Assert.Equal(0, answer!.Media[1].Port);
        Assert.Equal([offer.Media[0].Mid], answer.Attributes.Get<GroupAttribute>()!.Mids);
    }

    [Fact]
    public void An_offer_without_ice_credentials_is_refused()
    {
        var offer = Offer("chromium-offer-default.sdp");
        foreach (var m in offer.Media) m.Attributes.RemoveAll(SdpAttributeNames.IceUfrag);
        offer.Attributes.RemoveAll(SdpAttributeNames.IceUfrag);
        Assert.False(WebRtcAnswerBuilder.TryBuild(offer, Records, Options, out _, out _, out var failure, out var reason));
        Assert.Equal(WebRtcAnswerFailure.MissingIceCredentials, failure);
        Assert.Contains("ice-ufrag", reason, StringComparison.Ordinal);
    }
}
