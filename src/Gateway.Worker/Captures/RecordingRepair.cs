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
    public static void Repair(string captureId, IEnumerable<string?> locations, ILogger logger)
    {
        foreach (var location in locations)
        {
            if (location is null || !Uri.TryCreate(location, UriKind.Absolute, out var uri) || !uri.IsFile) continue;
            var path = uri.LocalPath;
            if (!path.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) || !File.Exists(path)) continue;
            try
            {
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
