namespace Gateway.Pipelines.Codecs;

/// <summary>
/// Everything codec-specific about one negotiated RTP payload format, so nothing else switches over codec names.
/// A new codec is a new folder under Formats/ with one implementation of this interface.
/// </summary>
public interface IRtpCodec
{
    /// <summary>As in a=rtpmap: "H264", "VP8", "VP9", "opus", "PCMU", "PCMA".</summary>
    string EncodingName { get; }

    MediaKind Kind { get; }

    /// <summary>RTP clock rate in Hz (90000 for video, 48000 for Opus, 8000 for G.711).</summary>
    int ClockRate { get; }

    /// <summary>Audio channels as carried in the container (Opus: 2 per RFC 7587 unless mono was negotiated).</summary>
    int Channels { get; }

    /// <summary>Video waits for a key frame to start (and after unrecoverable loss); audio starts at once.</summary>
    bool NeedsKeyFrameToStart { get; }

    /// <summary>Matroska CodecID the frames are stored under: "V_MPEG4/ISO/AVC", "V_VP8", "V_VP9", "A_OPUS", "A_MS/ACM"...</summary>
    string MatroskaCodecId { get; }

    /// <summary>
    /// Matroska CodecPrivate for this track, built from the first frame written (H.264: avcC from its SPS/PPS;
    /// Opus: OpusHead; G.711: WAVEFORMATEX). Empty when the codec needs none.
    /// </summary>
    byte[] CreateCodecPrivate(ReadOnlySpan<byte> firstFrame);

    IDepacketizer CreateDepacketizer(DepacketizerLimits limits);
}
