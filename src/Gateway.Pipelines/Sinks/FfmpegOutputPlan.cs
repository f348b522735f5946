using System.Globalization;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats.H264;
using Gateway.Pipelines.Formats.Opus;

namespace Gateway.Pipelines.Sinks;

/// <summary>
/// Decides per output which Matroska streams go in and whether each is copied or encoded, from the Matroska
/// CodecIDs (so no codec names are switched on elsewhere). H.264 is only ever copied. Each output takes the
/// first video and the first audio track of the file.
/// </summary>
internal static class FfmpegOutputPlan
{
    private const string H264 = H264Codec.MatroskaId;
    private const string Opus = OpusCodec.MatroskaId;

    /// <summary>Arguments placed before the input: pass timestamps through untouched.</summary>
    public const string InputArguments = "-hide_banner -nostdin -nostats -loglevel warning -copyts";

    /// <summary>The arguments for one output, with its own settings (HLS segments, mp4 audio codec).</summary>
    /// <param name="tracks">The file's tracks in Matroska order (stream index = position).</param>
    public static (string? Arguments, string? SkipReason) For(RecordingOutput output, IReadOnlyList<IRtpCodec> tracks) =>
        output.Kind == RecordingOutputKind.Hls ? Finish(HlsOutputPlan.For(output.Hls ?? new HlsOutputOptions(), tracks,
            IndexOf(tracks, MediaKind.Video), IndexOf(tracks, MediaKind.Audio))) : For(output.Kind, tracks, output.Mp4Audio);

    /// <param name="tracks">The file's tracks in Matroska order (stream index = position).</param>
    /// <param name="mp4Audio">Mp4 only: transcode audio to AAC or keep it Opus.</param>
    public static (string? Arguments, string? SkipReason) For(RecordingOutputKind kind, IReadOnlyList<IRtpCodec> tracks,
        Mp4AudioCodec mp4Audio = Mp4AudioCodec.Aac)
    {
        int video = IndexOf(tracks, MediaKind.Video);
        int audio = IndexOf(tracks, MediaKind.Audio);
        var arguments = new List<string>();
        switch (kind)
        {
            case RecordingOutputKind.Mp4:
                if (video < 0 && audio < 0) return (null, "no tracks");
                if (video >= 0)
                {
                    arguments.Add(Map(video));
                    arguments.Add(tracks[video].MatroskaCodecId == H264
                        ? "-c:v copy"
                        // A key frame every 2 s gives the fragments (and so crash safety) a bounded size.
                        : "-c:v libx264 -preset veryfast -bf 0 -pix_fmt yuv420p -force_key_frames expr:gte(t,n_forced*2)");
                    arguments.Add("-fps_mode passthrough");               // keep the sender's variable frame rate
                }
                if (audio >= 0)
                    arguments.Add($"{Map(audio)} {(mp4Audio == Mp4AudioCodec.Opus ? OpusArguments(tracks[audio]) : "-c:a aac -b:a 128k")}");
                // Fragment at every key frame: a killed ffmpeg leaves every finished fragment playable.
                // delay_moov: with a bare empty_moov, ffmpeg 5.1 writes no edit list and a track that starts later
                // (audio 300 ms after video) is pulled to 0, breaking A/V sync; delaying the moov to the end of the
                // first fragment keeps each track's start offset. -bf 0 on the x264 path keeps DTS = PTS like WebRTC.
                arguments.Add("-movflags +frag_keyframe+empty_moov+default_base_moof+delay_moov -f mp4");
                break;
            case RecordingOutputKind.WebM:
                if (video >= 0 && tracks[video].MatroskaCodecId == H264) return (null, "H.264 does not go into WebM without a re-encode");
                if (video < 0 && audio < 0) return (null, "no tracks");
                if (video >= 0) arguments.Add($"{Map(video)} -c:v copy -fps_mode passthrough");
                if (audio >= 0) arguments.Add($"{Map(audio)} {OpusArguments(tracks[audio])}");
                arguments.Add("-f webm");
                break;
            case RecordingOutputKind.Audio:
                if (audio < 0) return (null, "no audio track");
                arguments.Add($"{Map(audio)} {OpusArguments(tracks[audio])} -f ogg");
                break;
            case RecordingOutputKind.Hls:
                return For(new RecordingOutput(kind, "") { Hls = new HlsOutputOptions() }, tracks);
            case RecordingOutputKind.Rtmp:
                if (video < 0 && audio < 0) return (null, "no tracks");
                if (video >= 0)
                {
                    // FLV carries H.264 only (here): copy it, or encode for latency (no B-frames, a key frame every
                    // 2 s so a player joining or a reconnect waits at most that long).
                    arguments.Add(Map(video));
                    arguments.Add(tracks[video].MatroskaCodecId == H264
                        ? "-c:v copy"
                        : "-c:v libx264 -preset veryfast -tune zerolatency -bf 0 -pix_fmt yuv420p -force_key_frames expr:gte(t,n_forced*2)");
                }
                if (audio >= 0) arguments.Add($"{Map(audio)} -c:a aac -b:a 128k");
                arguments.Add("-f flv -flvflags no_duration_filesize");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
        arguments.Add("-avoid_negative_ts make_zero -flush_packets 1");
        return (string.Join(' ', arguments), null);
    }

    private static (string? Arguments, string? SkipReason) Finish((string? Arguments, string? SkipReason) plan) =>
        plan.Arguments is null ? plan : (plan.Arguments + " -avoid_negative_ts make_zero -flush_packets 1", null);

    private static string OpusArguments(IRtpCodec audio) =>
        audio.MatroskaCodecId == Opus ? "-c:a copy" : "-c:a libopus -b:a 32k";

    private static string Map(int streamIndex) => "-map 0:" + streamIndex.ToString(CultureInfo.InvariantCulture);

    private static int IndexOf(IReadOnlyList<IRtpCodec> tracks, MediaKind kind)
    {
        for (int i = 0; i < tracks.Count; i++)
        {
            if (tracks[i].Kind == kind) return i;
        }
        return -1;
    }
}
