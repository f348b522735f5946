using System.Diagnostics;

namespace Gateway.Pipelines.Tests.Formats;

/// <summary>Runs Debian's ffmpeg on files a test wrote: the independent judge of what the depacketizers produce.</summary>
internal static class Ffmpeg
{
    /// <summary>Decodes every frame to framecrc; returns the decoded frame count and whatever ffmpeg said on stderr.</summary>
    public static (int Frames, string Errors) Decode(string inputFormat, string path)
    {
        var (stdout, stderr) = Run("-nostdin", "-v", "error", "-f", inputFormat, "-i", path, "-f", "framecrc", "-");
        int frames = stdout.Split('\n').Count(l => l.Length > 0 && !l.StartsWith('#'));
        return (frames, stderr);
    }

    public static (string Stdout, string Stderr) Run(params string[] arguments)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("ffmpeg timed out");
        }
        Assert.True(process.ExitCode == 0, $"ffmpeg exited {process.ExitCode}: {stderr.Result}");
        return (stdout, stderr.Result.Trim());
    }
}
