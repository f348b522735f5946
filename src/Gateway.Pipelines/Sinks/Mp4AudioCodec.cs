namespace Gateway.Pipelines.Sinks;

/// <summary>The audio codec of an mp4 output.</summary>
public enum Mp4AudioCodec
{
    /// <summary>AAC: Opus and G.711 are transcoded (an audio encoder per capture: most of an H.264 + Opus capture's CPU).</summary>
    Aac,
    /// <summary>Opus: copied when the source is Opus (no transcode), G.711 encoded with libopus. MP4 players without
    /// Opus support (older Safari/QuickTime) will not play the audio.</summary>
    Opus,
}
