using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gateway.Interop.Tests.Support;

public sealed record ProbedStream(string CodecType, string CodecName, string? Profile, int? SampleRate, int? Channels, int? Frames);

public sealed record ProbedFile(double DurationSeconds, IReadOnlyList<ProbedStream> Streams)
{
    public ProbedStream? Video => Streams.FirstOrDefault(s => s.CodecType == "video");

    public ProbedStream? Audio => Streams.FirstOrDefault(s => s.CodecType == "audio");
}

/// <summary>Checks of a recorded file with Debian's ffprobe/ffmpeg: codecs, duration, frame counts, decode errors, A/V offset.</summary>
public static partial class MediaProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<ProbedFile> ProbeAsync(string path, bool countFrames = true)
    {
        var arguments = new List<string> { "-v", "error", "-show_entries",
            "stream=codec_type,codec_name,profile,sample_rate,channels,nb_read_frames:format=duration", "-of", "json" };
        if (countFrames) arguments.Add("-count_frames");
        arguments.Add(path);
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("ffprobe", arguments, Timeout);
        if (exit != 0) throw new InvalidOperationException($"ffprobe failed ({exit}): {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var streams = json.RootElement.GetProperty("streams").EnumerateArray().Select(s => new ProbedStream(
            s.GetProperty("codec_type").GetString()!,
            s.GetProperty("codec_name").GetString()!,
            s.TryGetProperty("profile", out var p) ? p.GetString() : null,
            s.TryGetProperty("sample_rate", out var r) ? int.Parse(r.GetString()!, CultureInfo.InvariantCulture) : null,
            s.TryGetProperty("channels", out var c) ? c.GetInt32() : null,
            s.TryGetProperty("nb_read_frames", out var f) ? int.Parse(f.GetString()!, CultureInfo.InvariantCulture) : null)).ToList();
        var duration = json.RootElement.GetProperty("format").TryGetProperty("duration", out var d)
            ? double.Parse(d.GetString()!, CultureInfo.InvariantCulture) : double.NaN;
        return new ProbedFile(duration, streams);
    }

    /// <summary>
    /// What <c>ffmpeg -v error -i FILE -enc_time_base -1 -f null -</c> prints: empty for a clean decode. The decoded
    /// frames keep the file's time base: with the default (1/frame rate) two frames of a variable-rate stream, as
    /// browsers send, can round to one tick and the null muxer reports "non monotonically increasing dts", which
    /// says nothing about the file. Real damage (bad NAL units, broken macroblocks) is still reported.
    /// </summary>
    public static async Task<string> DecodeErrorsAsync(string path)
    {
        var (_, stdout, stderr) = await ExternalProcess.RunAsync("ffmpeg",
            ["-nostdin", "-v", "error", "-i", path, "-enc_time_base", "-1", "-f", "null", "-"], Timeout);
        return (stdout + stderr).Trim();
    }

    /// <summary>
    /// Mean audio-minus-video offset in ms over the flash/beep pairs of the sync pattern (peers.md recipe 1), and
    /// the number of pairs found.
    /// </summary>
    public static async Task<(double MeanOffsetMs, int Pairs)> AvOffsetAsync(string path)
    {
        var offsets = await AvOffsetsAsync(path);
        return (offsets.Count == 0 ? double.NaN : offsets.Average(), offsets.Count);
    }

    /// <summary>Audio-minus-video offset in ms of each flash/beep pair of the sync pattern, in file order.</summary>
    public static async Task<IReadOnlyList<double>> AvOffsetsAsync(string path)
    {
        var (_, flashesOut, flashErr) = await ExternalProcess.RunAsync("ffprobe", ["-v", "error", "-f", "lavfi", "-i",
            $"movie={EscapeForLavfi(path)},signalstats", "-show_entries", "frame=pts_time:frame_tags=lavfi.signalstats.YAVG",
            "-of", "csv=p=0"], Timeout);
        var flashes = new List<double>();
        foreach (var line in flashesOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Trim().Split(',');
            if (parts.Length >= 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var t)
                && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var y) && y > 128) flashes.Add(t);
        }
        if (flashes.Count == 0) throw new InvalidOperationException($"no flash found in {path}: {flashErr}");
        var (_, _, silenceErr) = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-nostats", "-nostdin", "-i", path, "-map", "0:a:0",
            "-af", "silencedetect=n=-30dB:d=0.02", "-f", "null", "-"], Timeout);
        var beeps = SilenceEnd().Matches(silenceErr).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        // A file that ends in silence reports one last silence_end at its very end: that is no beep.
        var duration = (await ProbeAsync(path, countFrames: false)).DurationSeconds;
        beeps.RemoveAll(b => b >= duration - 0.06);
        return SyncPattern.Offsets(beeps.Select(b => b * 1000), flashes.Select(f => f * 1000));
    }

    private static string EscapeForLavfi(string path) => path.Replace("\\", "\\\\\\\\").Replace(":", "\\\\:").Replace("'", "\\\\'");

    [GeneratedRegex(@"silence_end: ([0-9.]+)")]
    private static partial Regex SilenceEnd();
}
