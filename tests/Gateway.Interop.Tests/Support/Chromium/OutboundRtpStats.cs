namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>One <c>outbound-rtp</c> entry of the publisher's getStats (W3C webrtc-stats), joined with its codec and
/// the <c>remote-inbound-rtp</c> the far end reported in RTCP receiver reports. Null: Chromium did not report it.</summary>
public sealed record OutboundRtpStats(
    string Kind,
    long Ssrc,
    string? Mid,
    string? Rid,
    string? MimeType,
    int? PayloadType,
    string? SdpFmtpLine,
    long PacketsSent,
    long BytesSent,
    long? FramesEncoded,
    long? FramesSent,
    long? KeyFramesEncoded,
    int? FrameWidth,
    int? FrameHeight,
    long? RetransmittedPacketsSent,
    long? NackCount,
    long? PliCount,
    long? FirCount,
    double? TargetBitrate,
    string? EncoderImplementation,
    long? RemotePacketsLost,
    double? RemoteRoundTripTime,
    double? RemoteJitter);
