using System.ComponentModel;
using System.Diagnostics;
using Gateway.Api.Logging;

namespace Gateway.Api.Health;

/// <summary>
/// Runs <c>ffmpeg -version</c> and remembers the answer for <see cref="CacheFor"/>, so a readiness probe every few
/// seconds does not start a process each time, yet a removed or replaced binary is noticed soon.
/// </summary>
internal sealed class FfmpegProbe(TimeProvider time, ILogger<FfmpegProbe> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Path, FfmpegProbeResult Result, long At)? _cached;

    public async Task<FfmpegProbeResult> ProbeAsync(string ffmpegPath, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } c && c.Path == ffmpegPath && time.GetElapsedTime(c.At) < CacheFor) return c.Result;
            var result = await RunVersionAsync(ffmpegPath, cancellationToken);
            if (!result.Found) logger.FfmpegNotUsable(ffmpegPath, result.Reason);
            _cached = (ffmpegPath, result, time.GetTimestamp());
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<FfmpegProbeResult> RunVersionAsync(string ffmpegPath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(ffmpegPath, "-hide_banner -version")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex) // not found, not executable
        {
            return FfmpegProbeResult.Failed($"cannot start: {ex.Message}");
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(budget.Token);
            var stderr = process.StandardError.ReadToEndAsync(budget.Token);
            await process.WaitForExitAsync(budget.Token);
            var firstLine = (await stdout).Split('\n', 2)[0].Trim();
            await stderr;
            if (process.ExitCode != 0) return FfmpegProbeResult.Failed($"-version exited with {process.ExitCode}");
            if (!firstLine.StartsWith("ffmpeg version", StringComparison.Ordinal))
                return FfmpegProbeResult.Failed("-version did not print an FFmpeg version");
            return new FfmpegProbeResult(true, firstLine);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return FfmpegProbeResult.Failed($"-version did not answer within {Timeout.TotalSeconds} s");
        }
    }
}
