using System.Diagnostics;
using System.Text.Json;

namespace Gateway.Pipelines.Tests.Sinks;

/// <summary>Runs ffmpeg/ffprobe for test inputs and checks, time-limited, killed on every path.</summary>
internal static class Tool
{
    public static (int ExitCode, string StandardOutput, string StandardError) Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 60 s");
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    public static void Ffmpeg(params string[] arguments)
    {
        var (exit, _, error) = Run("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", .. arguments]);
        Assert.True(exit == 0, $"ffmpeg failed ({exit}): {error}");
    }

    public static JsonElement Probe(string path, params string[] extra)
    {
        var (exit, output, error) = Run("ffprobe", ["-v", "error", "-show_streams", "-show_format", "-of", "json", .. extra, path]);
        Assert.True(exit == 0, $"ffprobe failed ({exit}): {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    /// <summary>Decodes the whole file; returns ffmpeg's error output (empty when the file is clean).</summary>
    public static string DecodeErrors(string path) => Run("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "null", "-").StandardError.Trim();

    /// <summary>Packets ffprobe counts in one stream (-count_packets).</summary>
    public static int CountPackets(string path, string streamSelector)
    {
        var (exit, output, error) = Run("ffprobe", "-v", "error", "-select_streams", streamSelector, "-count_packets",
            "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", path);
        Assert.True(exit == 0, $"ffprobe failed: {error}");
        return int.Parse(output.Trim().Split('\n')[0].Trim(',', ' '), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static JsonElement Stream(JsonElement probe, string codecType) =>
        probe.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("codec_type").GetString() == codecType);

    public static double Seconds(JsonElement element, string name) =>
        double.Parse(element.GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Presentation times (seconds) of every packet of one stream, in file order.</summary>
    public static IReadOnlyList<double> PacketTimes(string path, string streamSelector)
    {
        var (exit, output, error) = Run("ffprobe", "-v", "error", "-select_streams", streamSelector,
            "-show_entries", "packet=pts_time", "-of", "csv=p=0", path);
        Assert.True(exit == 0, $"ffprobe failed: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => double.Parse(line.Trim(','), System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }
}
