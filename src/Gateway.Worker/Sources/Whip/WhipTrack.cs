using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Tracks;
using Gateway.Rtc.Feedback;
using Gateway.Rtc.WebRtc;

namespace Gateway.Worker.Sources.Whip;

/// <summary>One negotiated m= section: its pipeline and the feedback state the publisher gets for it.</summary>
internal sealed class WhipTrack(NegotiatedMedia media, IRtpCodec codec, TrackPipeline pipeline, NackScheduler nack, KeyFrameRequester keyFrames)
{
    public NegotiatedMedia Media { get; } = media;

    public IRtpCodec Codec { get; } = codec;

    public TrackPipeline Pipeline { get; } = pipeline;

    public NackScheduler Nack { get; } = nack;

    public KeyFrameRequester KeyFrames { get; } = keyFrames;

    /// <summary>The publisher offered generic NACK for this codec (RFC 4585 "a=rtcp-fb:pt nack").</summary>
    public bool UsesNack { get; } = media.Codec.FeedbackTypes.Contains("nack");

    /// <summary>The publisher offered PLI ("a=rtcp-fb:pt nack pli").</summary>
    public bool UsesPli { get; } = media.Codec.FeedbackTypes.Contains("nack pli");

    /// <summary>When this track's first packet arrived; a video track without a frame a second later asks for a key frame.</summary>
    public long FirstPacketAt { get; set; } = long.MinValue;
}
