using System.Collections.Concurrent;

namespace Gateway.Worker.Recording;

public enum ThumbnailOutcome { Rendered, NoVideoYet, NotLive, DecodeFailed }

/// <summary>
/// The newest key frame of every recording capture (registered by <see cref="LiveViewSinkFactory"/>, removed when its
/// sink is disposed) and JPEGs rendered from it on request, reused for <see cref="CacheFor"/> (or until a newer key
/// frame arrives) so a page polling a thumbnail does not start an ffmpeg per request. One render per capture at a time.
/// </summary>
public sealed class LiveThumbnails(ThumbnailRenderer renderer, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    internal Action Register(string captureId, LatestKeyFrame latest)
    {
        var entry = new Entry(latest);
        _entries[captureId] = entry;
        return () => _entries.TryRemove(new KeyValuePair<string, Entry>(captureId, entry));
    }

    public async Task<(ThumbnailOutcome Outcome, byte[]? Jpeg, string? Error)> GetAsync(string captureId, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(captureId, out var entry)) return (ThumbnailOutcome.NotLive, null, null);
        await entry.Rendering.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Jpeg is { } cached && (entry.JpegVersion == entry.Latest.Version || time.GetElapsedTime(entry.RenderedAt) < CacheFor))
                return (ThumbnailOutcome.Rendered, cached, null);
            if (entry.Latest.Snapshot() is not var (frame, version)) return (ThumbnailOutcome.NoVideoYet, null, null);
            var (jpeg, error) = await renderer.RenderAsync(entry.Latest.Codec, frame, cancellationToken).ConfigureAwait(false);
            if (jpeg is null) return (ThumbnailOutcome.DecodeFailed, null, error);
            (entry.Jpeg, entry.JpegVersion, entry.RenderedAt) = (jpeg, version, time.GetTimestamp());
            return (ThumbnailOutcome.Rendered, jpeg, null);
        }
        finally
        {
            entry.Rendering.Release();
        }
    }

    // The semaphore is never disposed: it holds no wait handle, and a request may still hold it when the capture ends.
    private sealed class Entry(LatestKeyFrame latest)
    {
        public LatestKeyFrame Latest => latest;
        public SemaphoreSlim Rendering { get; } = new(1, 1);
        public byte[]? Jpeg { get; set; }
        public long JpegVersion { get; set; }
        public long RenderedAt { get; set; }
    }
}
