using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Captures;

/// <summary>
/// One folder per capture under <c>{DataDirectory}/captures/{id}/</c> holding <c>capture.json</c> and the outputs.
/// Writes go to a temporary file that replaces the old one, so a kill -9 never leaves a torn record.
/// </summary>
public sealed partial class JsonFileCaptureStore(string dataDirectory, ILogger<JsonFileCaptureStore> logger) : ICaptureStore
{
    private const string RecordFile = "capture.json";
    private readonly string _root = Path.Combine(Path.GetFullPath(dataDirectory), "captures");

    public string DirectoryFor(string captureId)
    {
        if (!CaptureId.IsWellFormed(captureId, "c_")) throw new ArgumentException("not a capture id", nameof(captureId));
        return Path.Combine(_root, captureId);
    }

    public async Task SaveAsync(StoredCapture capture, CancellationToken cancellationToken)
    {
        var folder = DirectoryFor(capture.Record.Id);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, RecordFile);
        var temporary = target + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await JsonSerializer.SerializeAsync(stream, capture, CaptureJson.Default.StoredCapture, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, target, overwrite: true);
    }

    public async Task<IReadOnlyList<StoredCapture>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var result = new List<StoredCapture>();
        if (!Directory.Exists(_root)) return result;
        foreach (var folder in Directory.EnumerateDirectories(_root))
        {
            var path = Path.Combine(folder, RecordFile);
            if (!File.Exists(path)) continue;
            try
            {
                await using var stream = File.OpenRead(path);
                var stored = await JsonSerializer.DeserializeAsync(stream, CaptureJson.Default.StoredCapture, cancellationToken).ConfigureAwait(false);
                if (stored is not null) result.Add(stored);
            }
            catch (JsonException ex)
            {
                // A record we cannot read is reported, not fatal: the recordings beside it are still on disk.
                LogUnreadable(logger, ex, path);
            }
        }
        return result;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "Capture record {Path} is unreadable; its files are left in place")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string path);
}
