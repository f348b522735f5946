namespace Gateway.Interop.Tests.Support;

/// <summary>
/// One outbound stream of the wrtc publisher, from libwebrtc's getStats "outbound-rtp" (and its codec and
/// remote-inbound-rtp entries). Null members are ones libwebrtc did not report for that kind.
/// </summary>
public sealed record WrtcStreamStats(
    string? Codec,
    int? PayloadType,
    long? PacketsSent,
    long? BytesSent,
    long? FramesEncoded,
    long? KeyFramesEncoded,
    long? NackCount,
    long? PliCount,
    long? RetransmittedPacketsSent,
    int? FrameWidth,
    int? FrameHeight,
    string? EncoderImplementation);
