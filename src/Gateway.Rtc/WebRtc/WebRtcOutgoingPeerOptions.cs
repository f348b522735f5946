using Gateway.Rtc.Dtls;
using Gateway.Rtc.Ice;

namespace Gateway.Rtc.WebRtc;

/// <summary>Settings of one outgoing peer: its ICE agent, DTLS, and the formats it offers to receive.</summary>
public sealed record WebRtcOutgoingPeerOptions
{
    public IceAgentOptions Ice { get; init; } = new();

    public DtlsSessionOptions? Dtls { get; init; }

    /// <summary>Offered for the recvonly audio section; empty leaves audio out of the offer.</summary>
    public IReadOnlyList<WebRtcOfferCodec> Audio { get; init; } = WebRtcOfferCodec.DefaultAudio;

    /// <summary>Offered for the recvonly video section; empty leaves video out of the offer.</summary>
    public IReadOnlyList<WebRtcOfferCodec> Video { get; init; } = WebRtcOfferCodec.DefaultVideo;
}
