using System.Globalization;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// The flash/beep test pattern of peers.md recipe 1: one white frame and a 50 ms 1 kHz beep at every whole second,
/// so A/V alignment can be measured in a recording.
/// </summary>
public static class SyncPattern
{
    public static string Video(int seconds, int fps = 30) =>
        string.Create(CultureInfo.InvariantCulture,
            $"color=c=black:s=640x360:r={fps}:d={seconds},drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='eq(mod(n\\,{fps})\\,0)'");

    public static string Audio(int seconds) =>
        string.Create(CultureInfo.InvariantCulture,
            $"aevalsrc='if(lt(mod(t\\,1)\\,0.05)\\,0.5*sin(2*PI*1000*t)\\,0)':s=48000:c=stereo:d={seconds}");

    // Key frames every 0.5 s: a plain RTP receiver cannot ask for one (no PLI), so after a loss the video waits for
    // the next; a camera-like GOP keeps what 2 % loss costs near what the acceptance allows.

    /// <summary>ffmpeg arguments that send H.264 (pt 96) + Opus (pt 111) as RTP to two loopback ports, RTCP to port + 1.</summary>
    public static List<string> H264OpusSender(int seconds, int videoPort, int audioPort) =>
    [
        "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning", "-re",
        "-f", "lavfi", "-i", Video(seconds), "-f", "lavfi", "-i", Audio(seconds),
        "-map", "0:v", "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-preset", "veryfast",
        "-tune", "zerolatency", "-bf", "0", "-g", "15", "-keyint_min", "15", "-x264-params", "repeat-headers=1", "-b:v", "1M",
        "-payload_type", "96", "-ssrc", "1111", "-f", "rtp", $"rtp://127.0.0.1:{videoPort}?pkt_size=1200",
        "-map", "1:a", "-c:a", "libopus", "-ar", "48000", "-ac", "2", "-b:a", "64k",
        "-payload_type", "111", "-ssrc", "2222", "-f", "rtp", $"rtp://127.0.0.1:{audioPort}",
    ];

    /// <summary>VP8 (pt 96) + Opus (pt 111).</summary>
    public static List<string> Vp8OpusSender(int seconds, int videoPort, int audioPort) =>
    [
        "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning", "-re",
        "-f", "lavfi", "-i", Video(seconds), "-f", "lavfi", "-i", Audio(seconds),
        "-map", "0:v", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M", "-g", "15", "-auto-alt-ref", "0",
        "-payload_type", "96", "-ssrc", "3333", "-f", "rtp", $"rtp://127.0.0.1:{videoPort}?pkt_size=1200",
        "-map", "1:a", "-c:a", "libopus", "-ar", "48000", "-ac", "2", "-b:a", "64k",
        "-payload_type", "111", "-ssrc", "4444", "-f", "rtp", $"rtp://127.0.0.1:{audioPort}",
    ];

    /// <summary>PCMU (pt 0) only.</summary>
    public static List<string> PcmuSender(int seconds, int audioPort) =>
    [
        "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning", "-re",
        "-f", "lavfi", "-i", Audio(seconds),
        "-map", "0:a", "-c:a", "pcm_mulaw", "-ar", "8000", "-ac", "1", "-payload_type", "0",
        "-rtpflags", "send_bye", "-f", "rtp", $"rtp://127.0.0.1:{audioPort}",   // RTCP BYE at the end (off by default)
    ];

    /// <summary>The receiver-side SDP for the senders above (port 0 = let the gateway choose).</summary>
    public static string Sdp(params (string Media, int Port, int PayloadType, string RtpMap, string? Fmtp)[] streams)
    {
        var text = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=test\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";
        foreach (var (media, port, pt, rtpmap, fmtp) in streams)
        {
            text += $"m={media} {port} RTP/AVP {pt}\r\na=rtpmap:{pt} {rtpmap}\r\n";
            if (fmtp is not null) text += $"a=fmtp:{pt} {fmtp}\r\n";
        }
        return text;
    }

    /// <summary>
    /// Beep-minus-flash in ms of every beep and flash (onsets, in ms on one clock) less than half a period (0.5 s)
    /// apart: the pattern's A/V offsets, whether read from a file or at the sender.
    /// </summary>
    public static List<double> Offsets(IEnumerable<double> beepsMs, IEnumerable<double> flashesMs) =>
        [.. from beep in beepsMs from flash in flashesMs let delta = beep - flash where delta is > -500 and < 500 select delta];
}
