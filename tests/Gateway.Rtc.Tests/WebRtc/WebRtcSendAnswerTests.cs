using System.Net;
using Gateway.Rtc.Sdp;
using Gateway.Rtc.Sdp.Attributes;
using Gateway.Rtc.WebRtc;

namespace Gateway.Rtc.Tests.WebRtc;

/// <summary>
/// The sending answer a WHEP viewer gets: Chromium's recorded offers in tests/testdata/sdp turned recvonly (a viewer's
/// transceivers are recvonly; everything else in the offer is the same).
/// </summary>
public sealed class WebRtcSendAnswerTests
{
    private static readonly WebRtcAnswerOptions Options = new("gwUf", "gateway-ice-password-24c",
        "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
        [new IPEndPoint(IPAddress.Loopback, 8189)]) { Direction = SdpDirection.SendOnly };

    private static SdpMessage Offer(string file, string direction)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "sdp", file)).Replace("a=sendonly", direction, StringComparison.Ordinal);
        Assert.True(SdpMessage.TryParse(text, out var offer, out var error), error.ToString());
        return offer;
    }

    private static SdpCodec? H264OrOpus(int index, MediaDescription offered) =>
        offered.GetCodecs().FirstOrDefault(c => c.Is("opus") || (c.Is("H264") && c.GetParameter("packetization-mode") == "1"));

    [Theory]
    [InlineData("a=recvonly")]
    [InlineData("a=sendrecv")]
    public void A_viewer_offer_gets_a_sendonly_answer_naming_one_ssrc_per_section_without_rtx_or_nack(string direction)
    {
        var offer = Offer("chromium-offer-h264.sdp", direction);
        Assert.True(WebRtcAnswerBuilder.TryBuild(offer, H264OrOpus, Options, out var answer, out var negotiated, out _, out var reason), reason);

        Assert.Equal(["audio", "video"], negotiated.Select(m => m.Kind));
        Assert.All(negotiated, m => Assert.Null(m.RtxPayloadType));
        var ssrcs = negotiated.Select(m => m.SendSsrc!.Value).ToArray();
        Assert.Equal(ssrcs.Length, ssrcs.Distinct().Count());

        Assert.True(SdpMessage.TryParse(answer!.ToString(), out var reparsed, out var error), error.ToString());
        for (var i = 0; i < reparsed.Media.Count; i++)
        {
            var m = reparsed.Media[i];
            Assert.Equal(SdpDirection.SendOnly, m.GetDirection(reparsed));
            Assert.Equal(SdpSetupRole.Passive, m.GetSetup(reparsed));
            Assert.Equal([negotiated[i].Codec.PayloadType], m.GetCodecs().Select(c => c.PayloadType));
            var ssrc = Assert.Single(m.Attributes.GetAll<SsrcAttribute>());
            Assert.Equal((ssrcs[i], "cname"), (ssrc.Ssrc, ssrc.Attribute));
            Assert.Single(m.Attributes.GetAll<MsidAttribute>());
            // We keep no history to retransmit from: a viewer is asked for key frame requests only.
            var feedback = m.GetCodecs()[0].FeedbackTypes;
            Assert.DoesNotContain("nack", feedback);
            if (m.Media == "video") Assert.Contains("nack pli", feedback);
        }
    }

    [Fact]
    public void A_publisher_offer_cannot_be_answered_by_a_sender()
    {
        var offer = Offer("chromium-offer-h264.sdp", "a=sendonly");
        Assert.False(WebRtcAnswerBuilder.TryBuild(offer, H264OrOpus, Options, out var answer, out _, out var failure, out var reason));
        Assert.Null(answer);
        Assert.Equal(WebRtcAnswerFailure.NoRecordableCodec, failure);
        Assert.Contains("has to send", reason);
    }

    [Fact]
    public void Sections_the_chooser_declines_stay_in_the_answer_with_port_zero()
    {
        var offer = Offer("chromium-offer-h264.sdp", "a=recvonly");
        Assert.True(WebRtcAnswerBuilder.TryBuild(offer, (_, m) => m.Media == "audio" ? m.GetCodecs()[0] : null, Options,
            out var answer, out var negotiated, out _, out var reason), reason);
        Assert.Equal("audio", Assert.Single(negotiated).Kind);
        Assert.Equal(0, answer!.Media.Single(m => m.Media == "video").Port);
    }
}
