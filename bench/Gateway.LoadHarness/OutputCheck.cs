using System.Globalization;
using System.Text.Json;

namespace Gateway.LoadHarness;

/// <summary>One recorded file against what its sender sent: packets per stream (no decode) and a full decode.</summary>
internal sealed record FileCheck(bool Exists, long VideoFrames, long AudioFrames, string? AudioCodec, bool DecodeClean, string Note)
{
    /// <summary>Share of the sent frames in the file, the lower of video and audio (AAC frames are 1024 samples, Opus 960).</summary>
    public double Completeness(long videoSent, long audioSent)
    {
        if (!Exists || videoSent == 0 || audioSent == 0) return 0;
        var audioExpected = AudioCodec == "aac" ? audioSent * 960.0 / 1024 : audioSent;
        return Math.Min(VideoFrames / (double)videoSent, AudioFrames / audioExpected);
    }

    public static async Task<FileCheck> RunAsync(string path)
    {
        if (!File.Exists(path)) return new FileCheck(false, 0, 0, null, false, "missing");
        var (exit, json) = await Processes.RunAsync("ffprobe", ["-v", "error", "-count_packets", "-show_entries",
            "stream=codec_type,codec_name,nb_read_packets", "-of", "json", path], TimeSpan.FromMinutes(2));
        if (exit != 0) return new FileCheck(true, 0, 0, null, false, "unreadable");
        long video = 0, audio = 0;
        string? audioCodec = null;
        using (var doc = JsonDocument.Parse(json[..(json.LastIndexOf('}') + 1)]))
        {
            foreach (var stream in doc.RootElement.GetProperty("streams").EnumerateArray())
            {
                var packets = long.Parse(stream.GetProperty("nb_read_packets").GetString() ?? "0", CultureInfo.InvariantCulture);
                if (stream.GetProperty("codec_type").GetString() == "video") video = packets;
                else (audio, audioCodec) = (packets, stream.GetProperty("codec_name").GetString());
            }
        }
        // -enc_time_base -1: the null muxer would otherwise complain about timestamps rounded to the frame rate, which
        // says nothing about the file (see the interop suite's MediaProbe). -threads 1: the check stays off the cores.
        var (_, errors) = await Processes.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-threads", "1", "-i", path,
            "-enc_time_base", "-1", "-f", "null", "-"], TimeSpan.FromMinutes(5));
        var clean = errors.Trim().Length == 0;
        return new FileCheck(true, video, audio, audioCodec, clean, clean ? "" : errors.Trim().Split('\n')[0]);
    }
}
