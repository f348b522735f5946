namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>One <c>inbound-rtp</c> entry of the in-page loopback receiver, joined with its codec.</summary>
public sealed record InboundRtpStats(
    string Kind,
    long Ssrc,
    string? MimeType,
    long PacketsReceived,
    long PacketsLost,
    long BytesReceived,
    long? FramesDecoded,
    long? KeyFramesDecoded,
    int? FrameWidth,
    int? FrameHeight,
    long? TotalSamplesReceived,
    long? ConcealedSamples);
