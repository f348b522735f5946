using System.Collections.Concurrent;

namespace Gateway.Worker.Storage;

/// <summary>Captures whose files are still being written by this process: the background loop leaves them alone.</summary>
public sealed class ActiveRecordings
{
    private readonly ConcurrentDictionary<string, byte> _ids = new(StringComparer.Ordinal);

    public void Add(string captureId) => _ids[captureId] = 0;

    public void Remove(string captureId) => _ids.TryRemove(captureId, out _);

    public bool Contains(string captureId) => _ids.ContainsKey(captureId);
}
