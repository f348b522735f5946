namespace Gateway.Rtc.WebRtc;

/// <summary>A payload format the gateway offers to receive, with the RTCP feedback it acts on and its RTX format.</summary>
public sealed record WebRtcOfferCodec(int PayloadType, string EncodingName, int ClockRate, int? Channels = null, string? Fmtp = null,
    int? RtxPayloadType = null, IReadOnlyList<string>? Feedback = null)
{
    private static readonly string[] VideoFeedback = ["nack", "nack pli", "ccm fir", "goog-remb"];

    /// <summary>What the pipeline records (CodecRegistry): Opus, then G.711.</summary>
    public static IReadOnlyList<WebRtcOfferCodec> DefaultAudio { get; } =
    [
        new(111, "opus", 48000, 2, "minptime=10;useinbandfec=1"),
        new(0, "PCMU", 8000),
        new(8, "PCMA", 8000),
    ];

    /// <summary>VP8, H.264 (packetization-mode 1 only: FU-A is what the depacketizer expects), VP9; each with RTX.</summary>
    public static IReadOnlyList<WebRtcOfferCodec> DefaultVideo { get; } =
    [
        new(96, "VP8", 90000, RtxPayloadType: 97, Feedback: VideoFeedback),
        new(102, "H264", 90000, Fmtp: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", RtxPayloadType: 103, Feedback: VideoFeedback),
        new(98, "VP9", 90000, Fmtp: "profile-id=0", RtxPayloadType: 99, Feedback: VideoFeedback),
    ];
}
