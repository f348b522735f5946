using Gateway.Pipelines.Containers.Mp4;
using Gateway.Worker.Logging;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Captures;

/// <summary>
/// Makes what an unfinished ffmpeg left behind (disk full, kill -9) end cleanly: a fragmented MP4 is cut back to its
/// last complete fragment. WebM and Ogg need nothing: both are read up to the last complete cluster/page.
/// </summary>
internal static class RecordingRepair
{
    /// <param name="ffmpegPath">When set (recovery at start), a WebM is also remuxed: an ffmpeg killed mid-file wrote
    /// no duration and no cues, so players could not seek it or show its length.</param>
    public static void Repair(string captureId, IEnumerable<string?> locations, ILogger logger, string? ffmpegPath = null)
    {
        foreach (var location in locations)
        {
            if (location is null || !Uri.TryCreate(location, UriKind.Absolute, out var uri) || !uri.IsFile) continue;
            var path = uri.LocalPath;
            if (ffmpegPath is not null && path.EndsWith(".webm", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
            {
                WebmRemux.Run(captureId, path, ffmpegPath, logger);
                continue;
            }
            if (!path.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) || !File.Exists(path)) continue;
            try
            {
                // After a crash an orphaned ffmpeg may still be writing its last fragment: trim only a file at rest.
                for (var waited = 0; waited < 50 && DateTime.UtcNow - File.GetLastWriteTimeUtc(path) < TimeSpan.FromSeconds(1); waited++)
                    Thread.Sleep(100);
                var removed = FragmentedMp4Trimmer.Trim(path);
                if (removed > 0) logger.TornFragmentTrimmed(captureId, path, removed);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.TrimFailed(ex, captureId, path);
            }
        }
    }
}
