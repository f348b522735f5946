namespace Gateway.LoadHarness;

/// <summary>
/// The stream every sender replays: encoded once (H.264 constrained baseline without B-frames, as WebRTC sends it, plus
/// Opus), so senders only copy packets and their CPU stays small and apart from what is measured.
/// </summary>
internal sealed record PreEncoded(string Path)
{
    /// <summary>Length of the file; senders loop it.</summary>
    public const int Seconds = 20;

    public static async Task<PreEncoded> CreateAsync(string directory, string bitrate)
    {
        var path = System.IO.Path.Combine(directory, "source.mkv");
        var (exit, output) = await Processes.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-f", "lavfi", "-i", $"testsrc2=s=1280x720:r=30:d={Seconds}",
            "-f", "lavfi", "-i", $"sine=f=440:r=48000:d={Seconds}", "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p",
            "-preset", "veryfast", "-bf", "0", "-g", "60", "-x264-params", "repeat-headers=1", "-b:v", bitrate, "-maxrate", bitrate,
            "-bufsize", bitrate, "-c:a", "libopus", "-ac", "2", "-b:a", "64k", "-y", path], TimeSpan.FromMinutes(5));
        if (exit != 0) throw new InvalidOperationException($"pre-encoding failed: {output}");
        return new PreEncoded(path);
    }

    public static string Sdp(int videoPort, int audioPort) =>
        "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=load\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        $"m=video {videoPort} RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n" +
        $"m=audio {audioPort} RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 sprop-stereo=1\r\n";
}
