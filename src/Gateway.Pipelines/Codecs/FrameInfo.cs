namespace Gateway.Pipelines.Codecs;

/// <summary>Describes a frame an <see cref="IDepacketizer"/> completed.</summary>
/// <param name="RtpTimestamp">The RTP timestamp shared by every packet of the frame (track clock).</param>
/// <param name="IsKeyFrame">True when a decoder can start at this frame (IDR, VP8/VP9 key frame; always for audio).</param>
public readonly record struct FrameInfo(uint RtpTimestamp, bool IsKeyFrame);
