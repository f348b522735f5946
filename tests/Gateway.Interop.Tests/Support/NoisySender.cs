using System.Globalization;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// An ffmpeg RTP sender whose video is noise, so x264 really produces the asked bitrate (a test pattern compresses to
/// almost nothing): for tests that must fill a disk, or many streams that must each carry a meeting's worth of data.
/// </summary>
public static class NoisySender
{
    public static List<string> H264Opus(int seconds, int videoPort, int audioPort, int videoKbps, string size = "640x360", int fps = 30) =>
    [
        "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=s={size}:r={fps}:d={seconds},noise=alls=60:allf=t"),
        "-f", "lavfi", "-i", SyncPattern.Audio(seconds),
        "-map", "0:v", "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-preset", "ultrafast", "-tune", "zerolatency",
        "-bf", "0", "-g", "15", "-keyint_min", "15", "-x264-params", "repeat-headers=1",
        "-b:v", $"{videoKbps}k", "-maxrate", $"{videoKbps}k", "-bufsize", $"{videoKbps / 2}k",
        "-payload_type", "96", "-ssrc", "1111", "-f", "rtp", $"rtp://127.0.0.1:{videoPort}?pkt_size=1200",
        "-map", "1:a", "-c:a", "libopus", "-ar", "48000", "-ac", "2", "-b:a", "64k",
        "-payload_type", "111", "-ssrc", "2222", "-f", "rtp", $"rtp://127.0.0.1:{audioPort}",
    ];
}
