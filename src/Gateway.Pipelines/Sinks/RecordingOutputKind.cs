namespace Gateway.Pipelines.Sinks;

public enum RecordingOutputKind
{
    /// <summary>Fragmented MP4: H.264 copied (never re-encoded), VP8/VP9 to libx264, audio to AAC.</summary>
    Mp4,
    /// <summary>WebM: VP8/VP9 and Opus copied, G.711 to libopus. Not produced for H.264 video (that would need a re-encode).</summary>
    WebM,
    /// <summary>Audio only, Opus in Ogg: Opus copied, G.711 to libopus.</summary>
    Audio,
    /// <summary>HLS playlist + segments (H.264 + AAC) in the playlist's folder; settings in <see cref="RecordingOutput.Hls"/>.</summary>
    Hls,
    /// <summary>FLV pushed to an RTMP(S) URL (the output's path): H.264 copied, VP8/VP9 to low-latency libx264, audio to AAC.</summary>
    Rtmp,
}
