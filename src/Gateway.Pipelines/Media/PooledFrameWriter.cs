using System.Buffers;

namespace Gateway.Pipelines.Media;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over an array rented from the shared pool. <see cref="Detach"/> hands a pooled
/// copy of the frame to the caller and starts over, so a steady stream of frames allocates nothing.
/// </summary>
public sealed class PooledFrameWriter(int initialCapacity = 64 * 1024) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    private int _written;

    public int WrittenCount => _written;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _written);
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Forgets what was written (a dropped frame); keeps the array.</summary>
    public void Clear() => _written = 0;

    /// <summary>
    /// Gives the written bytes away in a right-sized <see cref="FramePool"/> array (the caller owns and returns it) and
    /// starts over, keeping this writer's working array: handing the working array itself away made every frame, even
    /// a 100-byte Opus packet, hold a 64 KiB array while it waited in the sink's queue.
    /// </summary>
    public (byte[] Buffer, int Length) Detach()
    {
        var result = (FramePool.Copy(WrittenSpan), _written);
        _written = 0;
        return result;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _written = 0;
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= sizeHint) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + sizeHint));
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
