using Gateway.Pipelines.Codecs;

namespace Gateway.Worker.Sources.Rtp;

/// <summary>One m= section of the request that the gateway will record: its codec and the ports it listens on.</summary>
internal sealed record RtpMediaPlan(int MediaIndex, int TrackIndex, IRtpCodec Codec, int PayloadType, bool RtcpMux);

/// <summary>What a bound socket carries.</summary>
internal enum SocketRole
{
    Rtp,
    Rtcp,
    /// <summary>RTP and RTCP on one port (a=rtcp-mux, RFC 5761).</summary>
    Muxed,
}

internal sealed record BoundSocket(System.Net.Sockets.Socket Socket, int TrackIndex, SocketRole Role);
