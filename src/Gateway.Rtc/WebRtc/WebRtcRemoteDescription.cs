using System.Globalization;
using Gateway.Rtc.Dtls;
using Gateway.Rtc.Ice;
using Gateway.Rtc.Sdp;

namespace Gateway.Rtc.WebRtc;

/// <summary>Why a remote description cannot be used.</summary>
public enum WebRtcDescriptionError
{
    None,
    MalformedSdp,
    MissingIceCredentials,
    MissingFingerprint,
    /// <summary>No section sends a format we offered (or the peer rejected every section).</summary>
    NoCommonCodec,
    BadSetupRole,
}

/// <summary>
/// What the gateway needs from the peer's SDP (its answer to our offer, or its offer we answer): ICE credentials and
/// candidates, the DTLS fingerprint and setup role, and per accepted section the codec it will send — as the same
/// <see cref="NegotiatedMedia"/> the WHIP path produces, so both build their tracks alike.
/// </summary>
public sealed record WebRtcRemoteDescription(
    SdpMessage Sdp, IceCredentials Ice, IReadOnlyList<IceCandidate> Candidates, DtlsFingerprint Fingerprint, SdpSetupRole Setup,
    IReadOnlyList<NegotiatedMedia> Media)
{
    /// <summary>
    /// Reads an answer to <paramref name="offer"/>: a section counts when its port is non-zero, it sends, and its
    /// first format is one we offered in the same m-line position. Never throws on bad input.
    /// </summary>
    public static bool TryReadAnswer(string answerSdp, SdpMessage offer, out WebRtcRemoteDescription? description,
        out WebRtcDescriptionError error, out string reason)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return TryRead(answerSdp, (section, index) =>
        {
            if (index >= offer.Media.Count) return null;
            var offered = offer.Media[index].GetCodecs();
            return section.GetCodecs().FirstOrDefault(c => !IsAuxiliary(c) && offered.Any(o => o.PayloadType == c.PayloadType && o.EncodingName.Equals(c.EncodingName, StringComparison.OrdinalIgnoreCase)));
        }, out description, out error, out reason);
    }

    /// <summary>Reads a peer's offer (Janus, an SFU): per sending section the first format <paramref name="accepts"/> takes.</summary>
    public static bool TryReadOffer(string offerSdp, Func<SdpCodec, bool> accepts, out WebRtcRemoteDescription? description,
        out WebRtcDescriptionError error, out string reason)
    {
        ArgumentNullException.ThrowIfNull(accepts);
        return TryRead(offerSdp, (section, _) => section.GetCodecs().FirstOrDefault(c => !IsAuxiliary(c) && accepts(c)), out description, out error, out reason);
    }

    private static bool TryRead(string text, Func<MediaDescription, int, SdpCodec?> choose, out WebRtcRemoteDescription? description,
        out WebRtcDescriptionError error, out string reason)
    {
        description = null;
        if (!SdpMessage.TryParse(text ?? "", out var sdp, out var parseError))
            return Fail(WebRtcDescriptionError.MalformedSdp, $"not valid SDP: {parseError}", out error, out reason);
        var media = new List<NegotiatedMedia>();
        IceCredentials? ice = null;
        Sdp.Attributes.FingerprintAttribute? fingerprint = null;
        SdpSetupRole? setup = null;
        var candidates = new List<IceCandidate>();
        for (var index = 0; index < sdp.Media.Count; index++)
        {
            var section = sdp.Media[index];
            if (section.Port == 0 || section.Media is not ("audio" or "video")) continue;
            if (section.GetDirection(sdp) is not (SdpDirection.SendOnly or SdpDirection.SendRecv)) continue;
            var codec = choose(section, index);
            if (codec is null) continue;
            ice ??= section.GetIceCredentials(sdp);
            fingerprint ??= section.GetFingerprint(sdp);
            setup ??= section.GetSetup(sdp);
            foreach (var attribute in section.Candidates)
                if (IceCandidate.TryFromAttribute(attribute, out var candidate) && !candidates.Exists(c => c.EndPoint.Equals(candidate!.EndPoint)))
                    candidates.Add(candidate!);
            var apt = codec.PayloadType.ToString(CultureInfo.InvariantCulture);
            var rtx = section.GetCodecs().FirstOrDefault(c => c.Is("rtx") && c.GetParameter("apt") == apt);
            media.Add(new NegotiatedMedia(index, section.Mid ?? index.ToString(CultureInfo.InvariantCulture), section.Media, codec, rtx?.PayloadType));
        }
        if (media.Count == 0) return Fail(WebRtcDescriptionError.NoCommonCodec, "no audio or video section sends a format the gateway records", out error, out reason);
        if (ice is null) return Fail(WebRtcDescriptionError.MissingIceCredentials, "no a=ice-ufrag/a=ice-pwd", out error, out reason);
        if (fingerprint is null) return Fail(WebRtcDescriptionError.MissingFingerprint, "no a=fingerprint", out error, out reason);
        if (!DtlsFingerprint.TryParse(fingerprint.Value, out var parsed, out var fingerprintError))
            return Fail(WebRtcDescriptionError.MissingFingerprint, $"a=fingerprint unusable: {fingerprintError}", out error, out reason);
        if (setup is SdpSetupRole.HoldConn)
            return Fail(WebRtcDescriptionError.BadSetupRole, "a=setup:holdconn cannot start DTLS", out error, out reason);
        description = new WebRtcRemoteDescription(sdp, ice, candidates, parsed!, setup ?? SdpSetupRole.ActPass, media);
        (error, reason) = (WebRtcDescriptionError.None, "");
        return true;
    }

    /// <summary>Formats that only accompany media (retransmission, redundancy, FEC, comfort noise, DTMF).</summary>
    private static bool IsAuxiliary(SdpCodec codec) =>
        codec.Is("rtx") || codec.Is("red") || codec.Is("ulpfec") || codec.Is("flexfec-03") || codec.Is("CN") || codec.Is("telephone-event");

    private static bool Fail(WebRtcDescriptionError kind, string text, out WebRtcDescriptionError error, out string reason)
    {
        (error, reason) = (kind, text);
        return false;
    }
}
