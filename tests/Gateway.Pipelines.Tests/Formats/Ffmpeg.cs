using System.Diagnostics;

namespace Gateway.Pipelines.Tests.Formats;

/// <summary>Runs Debian's ffmpeg on files a test wrote: the independent judge of what the depacketizers produce.</summary>
internal static class Ffmpeg
{
    /// <summary>Decodes every frame to framecrc (passthrough: no frame dropped or duplicated for a frame rate); returns the decoded frame count and whatever ffmpeg said on stderr.</summary>
    public static (int Frames, string Errors) Decode(string inputFormat, string path)
    {
        var (stdout, stderr) = Run("ffmpeg", "-nostdin", "-v", "error", "-f", inputFormat, "-i", path, "-fps_mode", "passthrough", "-f", "framecrc", "-");
        int frames = stdout.Split('\n').Count(l => l.Length > 0 && !l.StartsWith('#'));
        return (frames, stderr);
    }

    /// <summary>Runs ffmpeg or ffprobe, fails the test on a non-zero exit or after a minute.</summary>
    public static (string Stdout, string Stderr) Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} timed out");
        }
        Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}: {stderr.Result}");
        return (stdout, stderr.Result.Trim());
    }
}
