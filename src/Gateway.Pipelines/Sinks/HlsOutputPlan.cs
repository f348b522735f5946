using System.Globalization;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats.H264;

namespace Gateway.Pipelines.Sinks;

/// <summary>
/// ffmpeg arguments of an HLS output: H.264 (copied, or libx264 with a key frame at every segment boundary) and AAC,
/// an EVENT playlist that grows while recording and gets #EXT-X-ENDLIST when ffmpeg ends. The playlist's folder must
/// exist (the hls muxer does not create it); segments are named after the playlist (index0.m4s, ... / index0.ts).
/// </summary>
internal static class HlsOutputPlan
{
    private const string H264 = H264Codec.MatroskaId;

    public static (string? Arguments, string? SkipReason) For(HlsOutputOptions hls, IReadOnlyList<IRtpCodec> tracks, int video, int audio)
    {
        if (video < 0 && audio < 0) return (null, "no tracks");
        var seconds = Math.Clamp(hls.SegmentSeconds, HlsOutputOptions.MinSegmentSeconds, HlsOutputOptions.MaxSegmentSeconds)
            .ToString(CultureInfo.InvariantCulture);
        var arguments = new List<string>();
        if (video >= 0)
        {
            arguments.Add($"-map 0:{video.ToString(CultureInfo.InvariantCulture)}");
            arguments.Add(tracks[video].MatroskaCodecId == H264
                ? "-c:v copy"
                // Segments can only start at key frames: force one at every boundary so segments have the asked length.
                : $"-c:v libx264 -preset veryfast -bf 0 -pix_fmt yuv420p -force_key_frames expr:gte(t,n_forced*{seconds})");
            arguments.Add("-fps_mode passthrough");
        }
        if (audio >= 0) arguments.Add($"-map 0:{audio.ToString(CultureInfo.InvariantCulture)} -c:a aac -b:a 128k");
        // temp_file: a segment appears under its name only once complete, so the live endpoint never serves half a file.
        // append_list: an ffmpeg restarted on the same folder continues the playlist (numbering too) instead of
        // overwriting it, marking the gap with #EXT-X-DISCONTINUITY.
        arguments.Add($"-f hls -hls_time {seconds} -hls_playlist_type event -hls_list_size 0");
        arguments.Add("-hls_flags append_list+independent_segments+temp_file");
        arguments.Add(hls.Format == HlsSegmentFormat.Ts ? "-hls_segment_type mpegts" : "-hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4");
        return (string.Join(' ', arguments), null);
    }
}
