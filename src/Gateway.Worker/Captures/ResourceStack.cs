namespace Gateway.Worker.Captures;

/// <summary>
/// Owns what a capture acquires (sockets, processes, sinks) and disposes it in reverse order, every item even when one
/// throws; the failures are rethrown together at the end so none is hidden.
/// </summary>
public sealed class ResourceStack : IAsyncDisposable
{
    private readonly Stack<IAsyncDisposable> _items = new();
    private bool _disposed;

    public T Push<T>(T item) where T : IAsyncDisposable
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _items.Push(item);
        return item;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        List<Exception>? failures = null;
        while (_items.TryPop(out var item))
        {
            try
            {
                await item.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                (failures ??= []).Add(ex);
            }
        }
        if (failures is not null) throw new AggregateException("Releasing capture resources failed", failures);
    }
}
