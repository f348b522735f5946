using System.ComponentModel;
using System.Text.Json;
using FFMpegCore;
using FFMpegCore.Exceptions;

namespace Gateway.Pipelines.Sinks;

/// <summary>
/// How much of a file that ffmpeg left cut short (it died mid-capture) is playable, as ffprobe reads it from the
/// complete fragments. What the gateway handed to that ffmpeg overstates it by whatever ffmpeg still held (the pipe,
/// its interleaving queue, the open fragment): about a fragment on an idle machine, over a second on a starved one,
/// so the segment's duration and the gap after it are taken from the file instead.
/// </summary>
internal static class KeptDuration
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <returns>The file's duration, or null when ffprobe cannot tell (missing binary, unreadable file, timeout).</returns>
    public static async Task<TimeSpan?> ProbeAsync(string path, string ffmpegBinaryFolder)
    {
        var options = ffmpegBinaryFolder.Length > 0 ? new FFOptions { BinaryFolder = ffmpegBinaryFolder } : null;
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            var analysis = await FFProbe.AnalyseAsync(path, options, cancellationToken: timeout.Token).ConfigureAwait(false);
            return analysis.Format.Duration > TimeSpan.Zero ? analysis.Format.Duration : null;
        }
        catch (Exception ex) when (ex is FFMpegException or FFProbeException or OperationCanceledException or Win32Exception
            or JsonException or IOException or InvalidOperationException)
        {
            return null;
        }
    }
}
