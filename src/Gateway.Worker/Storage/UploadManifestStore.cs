using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Storage;

/// <summary>
/// Upload manifests in memory (for the capture resource) and on disk as <c>{capture folder}/upload.json</c>, written
/// through a temporary file that replaces the old one, so a kill -9 leaves the old or the new version. Writes of one
/// capture are serialized and each writes the newest state, so an older state never lands after a newer one.
/// </summary>
public sealed partial class UploadManifestStore(string capturesRoot, ILogger<UploadManifestStore> logger)
{
    public const string FileName = "upload.json";

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public UploadManifest? Get(string captureId) => _entries.TryGetValue(captureId, out var entry) ? entry.Current : null;

    public IReadOnlyList<UploadManifest> All() => _entries.Values.Select(e => e.Current).ToList();

    /// <summary>Sets the in-memory state only (cheap, safe on the media path); <see cref="SaveAsync"/> persists it.</summary>
    public void Put(UploadManifest manifest)
    {
        var entry = _entries.GetOrAdd(manifest.CaptureId, _ => new Entry(manifest));
        lock (entry.Gate) entry.Current = manifest;
    }

    public Task SaveAsync(string captureId, CancellationToken cancellationToken) =>
        _entries.TryGetValue(captureId, out var entry) ? WriteAsync(entry, cancellationToken)
            : throw new InvalidOperationException($"no upload manifest for {captureId}");

    /// <summary>Applies <paramref name="change"/> to the newest state and persists the result.</summary>
    public async Task<UploadManifest> UpdateAsync(string captureId, Func<UploadManifest, UploadManifest> change, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(captureId, out var entry)) throw new InvalidOperationException($"no upload manifest for {captureId}");
        UploadManifest updated;
        lock (entry.Gate) updated = entry.Current = change(entry.Current);
        await WriteAsync(entry, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>Reads every <c>upload.json</c> under the captures folder (at start).</summary>
    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(capturesRoot)) return;
        foreach (var folder in Directory.EnumerateDirectories(capturesRoot))
        {
            var path = Path.Combine(folder, FileName);
            if (!File.Exists(path)) continue;
            try
            {
                await using var stream = File.OpenRead(path);
                var manifest = await JsonSerializer.DeserializeAsync(stream, UploadJson.Default.UploadManifest, cancellationToken).ConfigureAwait(false);
                if (manifest is not null && Path.GetFileName(folder) == manifest.CaptureId) _entries[manifest.CaptureId] = new Entry(manifest);
            }
            catch (JsonException ex)
            {
                // Reported, not fatal: the recordings beside it are still on disk.
                LogUnreadable(logger, ex, path);
            }
        }
    }

    private async Task WriteAsync(Entry entry, CancellationToken cancellationToken)
    {
        await entry.Writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            UploadManifest manifest;
            lock (entry.Gate) manifest = entry.Current;
            var folder = Path.Combine(capturesRoot, manifest.CaptureId);
            Directory.CreateDirectory(folder);
            var target = Path.Combine(folder, FileName);
            var temporary = target + ".tmp";
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await JsonSerializer.SerializeAsync(stream, manifest, UploadJson.Default.UploadManifest, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            entry.Writing.Release();
        }
    }

    [LoggerMessage(EventId = 3410, Level = LogLevel.Error, Message = "Upload manifest {Path} is unreadable; that capture's files stay local")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string path);

    private sealed class Entry(UploadManifest manifest)
    {
        public readonly Lock Gate = new();
        public readonly SemaphoreSlim Writing = new(1, 1);
        public UploadManifest Current = manifest;
    }
}
