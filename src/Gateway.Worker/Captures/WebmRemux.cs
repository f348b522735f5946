using System.Diagnostics;
using Gateway.Worker.Logging;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Captures;

/// <summary>
/// Rewrites a WebM that ffmpeg never finished (stream copy, no re-encoding): the copy gets the Duration and Cues the
/// trailer would have written and ends at the last complete block. The original is replaced only once the copy is
/// complete, so a failure leaves it as it was.
/// </summary>
internal static class WebmRemux
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static void Run(string captureId, string path, string ffmpegPath, ILogger logger)
    {
        var temporary = path + ".remux.webm";
        try
        {
            var info = new ProcessStartInfo(ffmpegPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
            foreach (var argument in new[] { "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", path, "-map", "0", "-c", "copy", "-f", "webm", temporary })
                info.ArgumentList.Add(argument);
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                logger.RemuxFailed(captureId, path, "timed out");
                return;
            }
            if (process.ExitCode != 0 || !File.Exists(temporary) || new FileInfo(temporary).Length == 0)
            {
                logger.RemuxFailed(captureId, path, $"ffmpeg exited with {process.ExitCode}: {stderr.Result.Trim()}");
                return;
            }
            File.Move(temporary, path, overwrite: true);
            logger.Remuxed(captureId, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            logger.RemuxFailed(captureId, path, ex.Message);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
