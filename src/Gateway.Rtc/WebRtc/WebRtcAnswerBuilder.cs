using System.Globalization;
using System.Net.Sockets;
using Gateway.Rtc.Sdp;
using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.WebRtc;

/// <summary>
/// Answers a publisher's offer (WHIP, RFC 9725) as the receiving ICE-lite, DTLS-passive side: per audio/video section
/// the first offered codec the caller accepts, recvonly, everything BUNDLEd on one transport with rtcp-mux and
/// rtcp-rsize, our ICE credentials, fingerprint, a=setup:passive and all host candidates (no trickle).
/// </summary>
public static class WebRtcAnswerBuilder
{
    /// <summary>RFC 8445 §5.1.2.1 priority of a host candidate for component 1 (type preference 126, local 65535).</summary>
    public const uint HostPriority = (126u << 24) | (65535u << 8) | 255u;

    public static bool TryBuild(SdpMessage offer, Func<SdpCodec, bool> accepts, WebRtcAnswerOptions options,
        out SdpMessage? answer, out IReadOnlyList<NegotiatedMedia> negotiated, out WebRtcAnswerFailure failure, out string reason)
    {
        failure = WebRtcAnswerFailure.None;
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(accepts);
        ArgumentNullException.ThrowIfNull(options);
        answer = null;
        negotiated = [];
        var media = new List<NegotiatedMedia>();
        var reasons = new List<string>();
        var result = new SdpMessage(SdpOrigin.Create(Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture), "2"), "-");
        result.Timings.Add(SdpTiming.Unbounded);
        result.Attributes.Add(new GenericAttribute(SdpAttributeNames.IceLite, null));

        for (var index = 0; index < offer.Media.Count; index++)
        {
            var offered = offer.Media[index];
            var mid = offered.Mid ?? index.ToString(CultureInfo.InvariantCulture);
            SdpCodec? chosen = null;
            if (offered.Media is "audio" or "video" && offered.Port != 0)
            {
                if (offered.GetIceCredentials(offer) is null)
                {
                    (failure, reason) = (WebRtcAnswerFailure.MissingIceCredentials, $"m={offered.Media} (mid {mid}) has no ice-ufrag/ice-pwd");
                    return false;
                }
                if (offered.GetFingerprint(offer) is null)
                {
                    (failure, reason) = (WebRtcAnswerFailure.MissingFingerprint, $"m={offered.Media} (mid {mid}) has no DTLS fingerprint");
                    return false;
                }
                var direction = offered.GetDirection(offer);
                if (direction is SdpDirection.SendOnly or SdpDirection.SendRecv) chosen = offered.GetCodecs().FirstOrDefault(accepts);
                if (chosen is null)
                    reasons.Add($"m={offered.Media} (mid {mid}): offers {string.Join(", ", offered.GetCodecs().Select(c => c.EncodingName).Distinct())}");
            }
            var rtx = chosen is null ? null : FindRtx(offered, chosen);
            result.Media.Add(chosen is null ? Rejected(offered, mid) : Accepted(offered, mid, chosen, rtx, options));
            if (chosen is not null) media.Add(new NegotiatedMedia(index, mid, offered.Media, chosen, rtx?.PayloadType));
        }
        if (media.Count == 0)
        {
            failure = WebRtcAnswerFailure.NoRecordableCodec;
            reason = $"No audio or video section offers a codec the gateway records: {string.Join("; ", reasons)}";
            return false;
        }
        result.Attributes.Add(new GroupAttribute(GroupAttribute.Bundle, new ValueList<string>(media.Select(m => m.Mid))));
        answer = result;
        negotiated = media;
        reason = "";
        return true;
    }

    /// <summary>The RFC 4588 retransmission format whose apt is the chosen codec, when the offer has one.</summary>
    private static SdpCodec? FindRtx(MediaDescription offered, SdpCodec chosen)
    {
        var apt = chosen.PayloadType.ToString(CultureInfo.InvariantCulture);
        return offered.GetCodecs().FirstOrDefault(c => c.EncodingName.Equals("rtx", StringComparison.OrdinalIgnoreCase)
            && c.GetParameter("apt") == apt);
    }

    private static MediaDescription Accepted(MediaDescription offered, string mid, SdpCodec codec, SdpCodec? rtx, WebRtcAnswerOptions options)
    {
        var port = options.Candidates.Count > 0 ? options.Candidates[0].Port : 9;
        string[] formats = rtx is null
            ? [codec.PayloadType.ToString(CultureInfo.InvariantCulture)]
            : [codec.PayloadType.ToString(CultureInfo.InvariantCulture), rtx.PayloadType.ToString(CultureInfo.InvariantCulture)];
        var answered = new MediaDescription(offered.Media, port, offered.Protocol, formats)
        {
            Connection = SdpConnection.Create(options.Candidates.Count > 0 ? options.Candidates[0].Address.ToString() : "0.0.0.0"),
        };
        var a = answered.Attributes;
        a.Add(new GenericAttribute(SdpAttributeNames.Mid, mid));
        a.Add(new GenericAttribute(SdpAttributeNames.IceUfrag, options.IceUfrag));
        a.Add(new GenericAttribute(SdpAttributeNames.IcePwd, options.IcePassword));
        a.Add(new FingerprintAttribute("sha-256", options.Fingerprint));
        a.Add(new SetupAttribute(SdpSetupRole.Passive));
        a.SetDirection(SdpDirection.RecvOnly);
        a.Add(new GenericAttribute(SdpAttributeNames.RtcpMux, null));
        a.Add(new GenericAttribute(SdpAttributeNames.RtcpRsize, null));
        a.Add(new RtpMapAttribute(codec.PayloadType, codec.EncodingName, codec.ClockRate, codec.Channels));
        if (codec.FmtpText is { } fmtp) a.Add(new FmtpAttribute(codec.PayloadType, fmtp));
        // Feedback we act on: NACK (retransmissions), PLI (key frames), REMB (bandwidth); only what was offered.
        foreach (var feedback in codec.FeedbackTypes)
            if (feedback is "nack" or "nack pli" or "goog-remb" or "ccm fir")
            {
                var space = feedback.IndexOf(' ', StringComparison.Ordinal);
                a.Add(new RtcpFeedbackAttribute(codec.PayloadType, space < 0 ? feedback : feedback[..space], space < 0 ? null : feedback[(space + 1)..]));
            }
        if (rtx is not null)
        {
            // Retransmissions on their own SSRC (RFC 4588), so the browser's bandwidth probes (RTX padding) never
            // touch the media stream's sequence numbers.
            a.Add(new RtpMapAttribute(rtx.PayloadType, rtx.EncodingName, rtx.ClockRate, rtx.Channels));
            a.Add(new FmtpAttribute(rtx.PayloadType, $"apt={codec.PayloadType.ToString(CultureInfo.InvariantCulture)}"));
        }
        var foundation = 1;
        foreach (var candidate in options.Candidates)
        {
            a.Add(CandidateAttribute.Host(foundation.ToString(CultureInfo.InvariantCulture), 1, "udp",
                HostPriority - (uint)(candidate.AddressFamily == AddressFamily.InterNetworkV6 ? 1 : 0), candidate.Address.ToString(), candidate.Port));
            foundation++;
        }
        a.Add(new GenericAttribute(SdpAttributeNames.EndOfCandidates, null));
        return answered;
    }

    /// <summary>RFC 3264 §6: a declined stream keeps its m= line with port 0.</summary>
    private static MediaDescription Rejected(MediaDescription offered, string mid)
    {
        var rejected = new MediaDescription(offered.Media, 0, offered.Protocol, offered.Formats.Take(1));
        rejected.Attributes.Add(new GenericAttribute(SdpAttributeNames.Mid, mid));
        rejected.Attributes.SetDirection(SdpDirection.Inactive);
        return rejected;
    }
}
