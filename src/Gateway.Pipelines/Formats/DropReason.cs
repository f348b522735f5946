namespace Gateway.Pipelines.Formats;

/// <summary>Why a depacketizer answered <see cref="Codecs.DepacketizeStatus.FrameDropped"/> (for counters and tests).</summary>
public enum DropReason
{
    /// <summary>Nothing was dropped: the packet was taken.</summary>
    None,
    /// <summary>The payload breaks its format's syntax (truncated descriptor, aggregation sizes past the end, F bit...).</summary>
    Malformed,
    /// <summary>A continuation arrived whose start was never seen (FU-A without S, VP8 without S=1/PID=0, VP9 without B).</summary>
    MissingStart,
    /// <summary>A start arrived while the previous fragment or frame under the same timestamp was still open.</summary>
    UnexpectedStart,
    /// <summary>An FU-A continued another NAL unit type, or something else arrived in the middle of an FU-A.</summary>
    FragmentMismatch,
    /// <summary>A packet type the negotiated mode does not allow (STAP-B, MTAP, FU-B are interleaved mode only).</summary>
    Unsupported,
    /// <summary>The frame ended (marker or timestamp change) with a fragment or layer frame still open.</summary>
    Incomplete,
    /// <summary>After a declared loss, the next access unit did not begin at its first macroblock: its start was lost.</summary>
    NotAnAccessUnitStart,
    /// <summary><see cref="Codecs.DepacketizerLimits.MaxFrameBytes"/> would be passed.</summary>
    TooLarge,
    /// <summary><see cref="Codecs.DepacketizerLimits.MaxPacketsPerFrame"/> would be passed.</summary>
    TooManyPackets,
    /// <summary><see cref="Codecs.DepacketizerLimits.MaxUnitsPerFrame"/> (or VP9's 8 frames per superframe) would be passed.</summary>
    TooManyUnits,
}
