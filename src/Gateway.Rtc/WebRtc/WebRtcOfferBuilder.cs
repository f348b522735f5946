using System.Globalization;
using Gateway.Rtc.Ice;
using Gateway.Rtc.Sdp;
using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.WebRtc;

/// <summary>What the gateway says about itself in an offer it makes (WHEP, or any peer it calls).</summary>
/// <param name="Audio">Formats for the recvonly audio section; empty leaves audio out.</param>
/// <param name="Video">Formats for the recvonly video section; empty leaves video out.</param>
public sealed record WebRtcOfferOptions(string IceUfrag, string IcePassword, string Fingerprint, IReadOnlyList<IceCandidate> Candidates,
    IReadOnlyList<WebRtcOfferCodec> Audio, IReadOnlyList<WebRtcOfferCodec> Video)
{
    /// <summary>RFC 8842 §5.2: an offerer says actpass and lets the answer pick the DTLS roles.</summary>
    public SdpSetupRole Setup { get; init; } = SdpSetupRole.ActPass;
}

/// <summary>
/// Builds the gateway's recvonly offer (JSEP, RFC 9429 §5.2.1): audio then video, each BUNDLEd on one transport
/// (RFC 9143) with rtcp-mux and rtcp-rsize, full ICE (no ice-lite: we check and nominate), all candidates
/// gathered before the offer (end-of-candidates, no trickle), our fingerprint and a=setup:actpass.
/// </summary>
public static class WebRtcOfferBuilder
{
    public static SdpMessage Build(WebRtcOfferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var offer = new SdpMessage(SdpOrigin.Create(Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture), "2"), "-");
        offer.Timings.Add(SdpTiming.Unbounded);
        var mids = new List<string>();
        if (options.Audio.Count > 0) offer.Media.Add(Section("audio", mids.Count.ToString(CultureInfo.InvariantCulture), options.Audio, options));
        if (options.Audio.Count > 0) mids.Add(offer.Media[^1].Mid!);
        if (options.Video.Count > 0)
        {
            offer.Media.Add(Section("video", mids.Count.ToString(CultureInfo.InvariantCulture), options.Video, options));
            mids.Add(offer.Media[^1].Mid!);
        }
        if (mids.Count == 0) throw new ArgumentException("An offer needs audio or video formats.", nameof(options));
        offer.Attributes.Add(new GroupAttribute(GroupAttribute.Bundle, new ValueList<string>(mids)));
        return offer;
    }

    private static MediaDescription Section(string kind, string mid, IReadOnlyList<WebRtcOfferCodec> codecs, WebRtcOfferOptions options)
    {
        var formats = new List<string>();
        foreach (var codec in codecs)
        {
            formats.Add(Number(codec.PayloadType));
            if (codec.RtxPayloadType is { } rtx) formats.Add(Number(rtx));
        }
        // The default candidate (RFC 8839 §4.2.1.2) goes in c=/m=: the highest-priority one, or the discard port.
        var first = options.Candidates.OrderByDescending(c => c.Priority).FirstOrDefault();
        var section = new MediaDescription(kind, first?.EndPoint.Port ?? 9, "UDP/TLS/RTP/SAVPF", formats)
        {
            Connection = SdpConnection.Create(first?.EndPoint.Address.ToString() ?? "0.0.0.0"),
        };
        var a = section.Attributes;
        a.Add(new GenericAttribute(SdpAttributeNames.Mid, mid));
        a.Add(new GenericAttribute(SdpAttributeNames.IceUfrag, options.IceUfrag));
        a.Add(new GenericAttribute(SdpAttributeNames.IcePwd, options.IcePassword));
        a.Add(new GenericAttribute(SdpAttributeNames.IceOptions, "trickle"));   // JSEP peers reject offers without it
        a.Add(new FingerprintAttribute("sha-256", options.Fingerprint));
        a.Add(new SetupAttribute(options.Setup));
        a.SetDirection(SdpDirection.RecvOnly);
        a.Add(new GenericAttribute(SdpAttributeNames.RtcpMux, null));
        a.Add(new GenericAttribute(SdpAttributeNames.RtcpRsize, null));
        foreach (var codec in codecs)
        {
            a.Add(new RtpMapAttribute(codec.PayloadType, codec.EncodingName, codec.ClockRate, codec.Channels));
            if (codec.Fmtp is { } fmtp) a.Add(new FmtpAttribute(codec.PayloadType, fmtp));
            foreach (var feedback in codec.Feedback ?? [])
            {
                var space = feedback.IndexOf(' ', StringComparison.Ordinal);
                a.Add(new RtcpFeedbackAttribute(codec.PayloadType, space < 0 ? feedback : feedback[..space], space < 0 ? null : feedback[(space + 1)..]));
            }
            if (codec.RtxPayloadType is { } rtx)
            {
                a.Add(new RtpMapAttribute(rtx, "rtx", codec.ClockRate));
                a.Add(new FmtpAttribute(rtx, "apt=" + Number(codec.PayloadType)));
            }
        }
        foreach (var candidate in options.Candidates) a.Add(candidate.ToAttribute());
        a.Add(new GenericAttribute(SdpAttributeNames.EndOfCandidates, null));
        return section;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
