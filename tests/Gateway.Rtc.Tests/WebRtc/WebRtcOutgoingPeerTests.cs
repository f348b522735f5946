using System.Buffers;
using System.Net;
using Gateway.Rtc.Dtls;
using Gateway.Rtc.Ice;
using Gateway.Rtc.Sdp;
using Gateway.Rtc.WebRtc;

namespace Gateway.Rtc.Tests.WebRtc;

/// <summary>The SDP side of the outgoing peer: our recvonly offer, reading answers, answering an SFU's offer.</summary>
public sealed class WebRtcOutgoingPeerTests : IAsyncLifetime
{
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private WebRtcOutgoingPeer _peer = null!;

    public async Task InitializeAsync()
    {
        _peer = new WebRtcOutgoingPeer(new WebRtcOutgoingPeerOptions { Ice = new IceAgentOptions { HostAddresses = [IPAddress.Loopback] } },
            _certificate, (_, buffer, _, _) => ArrayPool<byte>.Shared.Return(buffer));
        await _peer.GatherAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        _certificate.Dispose();
    }

    [Fact]
    public void The_offer_is_a_bundled_recvonly_full_ice_actpass_offer_with_our_candidates()
    {
        Assert.True(SdpMessage.TryParse(_peer.CreateOffer(), out var offer, out var error), error.ToString());
        Assert.Equal(["audio", "video"], offer.Media.Select(m => m.Media));
        Assert.Equal("BUNDLE 0 1", offer.Attributes.GetValue("group"));
        Assert.False(offer.Attributes.Contains("ice-lite"));
        var host = _peer.Ice.LocalCandidates.Single();
        foreach (var section in offer.Media)
        {
            Assert.Equal(SdpDirection.RecvOnly, section.GetDirection(offer));
            Assert.Equal(SdpSetupRole.ActPass, section.GetSetup(offer));
            Assert.True(section.IsRtcpMux);
            Assert.Equal(new IceCredentials(_peer.Ice.LocalUfrag, _peer.Ice.LocalPassword), section.GetIceCredentials(offer));
            Assert.Equal(_certificate.Fingerprint.HexDigest, section.GetFingerprint(offer)!.Fingerprint);
            var candidate = Assert.Single(section.Candidates);
            Assert.Equal(("host", "127.0.0.1", host.EndPoint.Port), (candidate.Type, candidate.Address, candidate.Port));
        }
        var video = offer.Media[1].GetCodecs();
        Assert.Contains(video, c => c.Is("VP8"));
        Assert.Contains(video, c => c.Is("H264") && c.GetParameter("packetization-mode") == "1");
        Assert.Contains(video, c => c.Is("rtx") && c.GetParameter("apt") == "96");
        Assert.Contains("opus", offer.Media[0].GetCodecs().Select(c => c.EncodingName));
    }

    [Fact]
    public void An_answer_that_keeps_setup_actpass_or_sends_nothing_we_offered_is_refused_with_its_reason()
    {
        var offer = _peer.CreateOffer();
        var actpass = offer.Replace("a=recvonly", "a=sendonly", StringComparison.Ordinal);
        var failure = Assert.Throws<WebRtcConnectException>(() => _peer.ApplyAnswer(actpass));
        Assert.Equal(WebRtcConnectFailure.BadRemoteDescription, failure.Failure);
        Assert.Contains("actpass", failure.Message, StringComparison.Ordinal);

        var nothing = Assert.Throws<WebRtcConnectException>(() => _peer.ApplyAnswer(offer.Replace("a=recvonly", "a=inactive", StringComparison.Ordinal)));
        Assert.Contains("NoCommonCodec", nothing.Message, StringComparison.Ordinal);
        Assert.Throws<WebRtcConnectException>(() => _peer.ApplyAnswer("not sdp"));
    }

    [Fact]
    public void A_passive_answer_makes_us_the_dtls_client_and_its_first_offered_formats_are_the_tracks()
    {
        var answer = _peer.CreateOffer().Replace("a=recvonly", "a=sendonly", StringComparison.Ordinal)
            .Replace("a=setup:actpass", "a=setup:passive", StringComparison.Ordinal);
        var remote = _peer.ApplyAnswer(answer);
        Assert.True(_peer.IsDtlsClient);
        Assert.Equal(SdpSetupRole.Passive, remote.Setup);
        Assert.Equal([("audio", "opus", (int?)null), ("video", "VP8", 97)], remote.Media.Select(m => (m.Kind, m.Codec.EncodingName, m.RtxPayloadType)));
        Assert.Equal(IceRole.Controlling, _peer.Ice.Role);
    }

    [Fact]
    public void Answering_an_sfus_offer_says_setup_active_without_ice_lite_and_takes_the_controlled_role()
    {
        var offer = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "sdp", "chromium-offer-default.sdp"));
        var text = _peer.AcceptOffer(offer, c => c.Is("opus") || c.Is("VP8"), out var remote);
        Assert.True(SdpMessage.TryParse(text, out var answer, out var error), error.ToString());
        Assert.False(answer.Attributes.Contains("ice-lite"));
        Assert.True(_peer.IsDtlsClient);
        Assert.Equal(IceRole.Controlled, _peer.Ice.Role);
        Assert.Equal(["opus", "VP8"], remote.Media.Select(m => m.Codec.EncodingName));
        foreach (var section in answer.Media.Where(m => m.Port != 0))
        {
            Assert.Equal(SdpSetupRole.Active, section.GetSetup(answer));
            Assert.Equal(SdpDirection.RecvOnly, section.GetDirection(answer));
            Assert.Equal(_peer.Ice.LocalCandidates.Single().EndPoint.Port, Assert.Single(section.Candidates).Port);
        }
    }
}
