using System.Diagnostics;
using System.Globalization;
using Gateway.Worker.Captures;

namespace Gateway.Worker.Recording.Layouts;

/// <summary>
/// Renders the composite file once the participants' own recordings are final: one ffmpeg run over all of them with
/// the <see cref="CompositeTimeline"/> graph. Done at the end rather than live so that a crash (kill -9) still leaves
/// every participant's file, which is all the composite is made from; the composite can be rendered again from them.
/// </summary>
public static class CompositeRenderer
{
    public const int Width = 1280, Height = 720, FrameRate = 30;

    /// <summary>Runs ffmpeg; the returned status is completed with size and duration, or failed with ffmpeg's last words.</summary>
    public static async Task<OutputStatus> RenderAsync(string ffmpeg, IReadOnlyList<CompositeInput> inputs, double duration, string type, string path,
        TimeSpan timeout)
    {
        var status = new OutputStatus { Type = type, Location = new Uri(path).AbsoluteUri, DurationSeconds = Math.Round(duration, 3) };
        if (!inputs.Any(i => i.HasVideo)) return status with { State = "failed", Error = "No participant sent video; there is nothing to lay out." };
        var arguments = new List<string> { "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y" };
        foreach (var input in inputs) arguments.AddRange(["-i", input.Path]);
        var graphFile = path + ".filter.txt";
        await File.WriteAllTextAsync(graphFile, CompositeTimeline.FilterGraph(inputs, duration, Width, Height, FrameRate)).ConfigureAwait(false);
        arguments.AddRange(["-filter_complex_script", graphFile, "-map", "[vout]"]);
        if (inputs.Any(i => i.HasAudio)) arguments.AddRange(["-map", "[aout]"]);
        arguments.AddRange(["-t", duration.ToString("0.###", CultureInfo.InvariantCulture)]);
        arguments.AddRange(type == "webm"
            ? ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "2M", "-c:a", "libopus", "-b:a", "96k"]
            : ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart"]);
        arguments.Add(path);

        var (exit, error) = await RunAsync(ffmpeg, arguments, timeout).ConfigureAwait(false);
        File.Delete(graphFile);
        if (exit != 0) return status with { State = "failed", Error = $"ffmpeg could not render the composite ({exit}): {error}" };
        return status with { State = "completed", Bytes = new FileInfo(path).Length };
    }

    private static async Task<(int Exit, string Error)> RunAsync(string ffmpeg, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(ffmpeg) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return (-1, $"timed out after {timeout.TotalSeconds:0} s");
        }
        await stdout.ConfigureAwait(false);
        var text = (await stderr.ConfigureAwait(false)).Trim();
        return (process.ExitCode, text.Length > 2000 ? text[^2000..] : text);
    }
}
