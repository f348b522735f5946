using System.Net;

namespace Gateway.Rtc.WebRtc;

/// <summary>What the gateway puts in every WebRTC answer about itself.</summary>
/// <param name="IceUfrag">Our ice-ufrag (random per session, 4+ ICE characters).</param>
/// <param name="IcePassword">Our ice-pwd (random per session, 22+ ICE characters).</param>
/// <param name="Fingerprint">SHA-256 of our DTLS certificate, "AB:CD:…" (RFC 8122).</param>
/// <param name="Candidates">Host candidates: every advertised address on the one shared UDP port.</param>
public sealed record WebRtcAnswerOptions(string IceUfrag, string IcePassword, string Fingerprint, IReadOnlyList<IPEndPoint> Candidates)
{
    /// <summary>RecvOnly answers a publisher (WHIP); SendOnly answers a viewer (WHEP).</summary>
    public Sdp.SdpDirection Direction { get; init; } = Sdp.SdpDirection.RecvOnly;
}

/// <summary>One m= section the answer accepted: which codec the peer will send on it, and its RTX format if any.</summary>
public sealed record NegotiatedMedia(int MediaIndex, string Mid, string Kind, Sdp.SdpCodec Codec, int? RtxPayloadType = null)
{
    /// <summary>A sending answer: the SSRC it announced for this section.</summary>
    public uint? SendSsrc { get; init; }
}

/// <summary>Why an offer could not be answered: malformed for WebRTC, or nothing in it the gateway records.</summary>
public enum WebRtcAnswerFailure
{
    None,
    MissingIceCredentials,
    MissingFingerprint,
    NoRecordableCodec,
}
