using System.Globalization;
using System.Net.Sockets;
using Gateway.Rtc.Sdp;
using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.WebRtc;

/// <summary>
/// Answers an offer as the ICE-lite, DTLS-passive side: per audio/video section the codec the caller chooses, everything
/// BUNDLEd on one transport with rtcp-mux and rtcp-rsize, our ICE credentials, fingerprint, a=setup:passive and all
/// host candidates (no trickle). Receiving (a WHIP publisher's offer) answers recvonly; sending (a WHEP viewer's
/// recvonly offer, <see cref="WebRtcAnswerOptions.Direction"/> = sendonly) answers sendonly and names the SSRC we send.
/// </summary>
public static class WebRtcAnswerBuilder
{
    /// <summary>RFC 8445 §5.1.2.1 priority of a host candidate for component 1 (type preference 126, local 65535).</summary>
    public const uint HostPriority = (126u << 24) | (65535u << 8) | 255u;

    /// <summary>Takes, per section, the first offered codec <paramref name="accepts"/> says yes to.</summary>
    public static bool TryBuild(SdpMessage offer, Func<SdpCodec, bool> accepts, WebRtcAnswerOptions options,
        out SdpMessage? answer, out IReadOnlyList<NegotiatedMedia> negotiated, out WebRtcAnswerFailure failure, out string reason)
    {
        ArgumentNullException.ThrowIfNull(accepts);
        return TryBuild(offer, (_, offered) => offered.GetCodecs().FirstOrDefault(accepts), options, out answer, out negotiated, out failure, out reason);
    }

    /// <summary>
    /// <paramref name="choose"/> gets each usable section (index, description) whose direction fits ours and returns the
    /// offered codec to use on it, or null to decline the section.
    /// </summary>
    public static bool TryBuild(SdpMessage offer, Func<int, MediaDescription, SdpCodec?> choose, WebRtcAnswerOptions options,
        out SdpMessage? answer, out IReadOnlyList<NegotiatedMedia> negotiated, out WebRtcAnswerFailure failure, out string reason)
    {
        failure = WebRtcAnswerFailure.None;
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(choose);
        ArgumentNullException.ThrowIfNull(options);
        var sending = options.Direction == SdpDirection.SendOnly;
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
                // We receive what the peer sends and send what it receives (RFC 3264 §6.1).
                if (sending ? direction is SdpDirection.RecvOnly or SdpDirection.SendRecv : direction is SdpDirection.SendOnly or SdpDirection.SendRecv)
                    chosen = choose(index, offered);
                if (chosen is null)
                    reasons.Add($"m={offered.Media} (mid {mid}): offers {string.Join(", ", offered.GetCodecs().Select(c => c.EncodingName).Distinct())}");
            }
            // We do not retransmit, so a sending answer takes no RTX format.
            var rtx = chosen is null || sending ? null : FindRtx(offered, chosen);
            uint? ssrc = chosen is not null && sending ? (uint)Random.Shared.NextInt64(1, uint.MaxValue) : null;
            result.Media.Add(chosen is null ? Rejected(offered, mid) : Accepted(offered, mid, chosen, rtx, ssrc, options));
            if (chosen is not null) media.Add(new NegotiatedMedia(index, mid, offered.Media, chosen, rtx?.PayloadType) { SendSsrc = ssrc });
        }
        if (media.Count == 0)
        {
            failure = WebRtcAnswerFailure.NoRecordableCodec;
            reason = sending
                ? $"No audio or video section asks for a codec the gateway has to send: {string.Join("; ", reasons)}"
                : $"No audio or video section offers a codec the gateway records: {string.Join("; ", reasons)}";
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

    private static MediaDescription Accepted(MediaDescription offered, string mid, SdpCodec codec, SdpCodec? rtx, uint? ssrc, WebRtcAnswerOptions options)
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
        a.SetDirection(options.Direction);
        a.Add(new GenericAttribute(SdpAttributeNames.RtcpMux, null));
        a.Add(new GenericAttribute(SdpAttributeNames.RtcpRsize, null));
        a.Add(new RtpMapAttribute(codec.PayloadType, codec.EncodingName, codec.ClockRate, codec.Channels));
        if (codec.FmtpText is { } fmtp) a.Add(new FmtpAttribute(codec.PayloadType, fmtp));
        // Feedback we act on: NACK (retransmissions), PLI (key frames), REMB (bandwidth); only what was offered. A sender
        // keeps no history to retransmit from and ignores REMB: it asks only for key frame requests.
        foreach (var feedback in codec.FeedbackTypes)
            if (ssrc is null ? feedback is "nack" or "nack pli" or "goog-remb" or "ccm fir" : feedback is "nack pli" or "ccm fir")
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
        if (ssrc is { } sent)
        {
            // RFC 8830 msid and RFC 5576 ssrc: the receiver maps our packets to its transceiver by SSRC.
            a.Add(new MsidAttribute("gateway", $"{offered.Media}-{mid}"));
            a.Add(new SsrcAttribute(sent, "cname", "gateway"));
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
