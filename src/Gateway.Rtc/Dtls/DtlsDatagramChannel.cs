using System.Buffers;

namespace Gateway.Rtc.Dtls;

/// <summary>
/// The standard <see cref="IDtlsDatagramChannel"/>: sends through a callback, receives from a bounded queue the
/// owner fills with <see cref="TryDeliver"/>. When the queue is full the oldest datagram goes: DTLS retransmits
/// whole flights (RFC 6347 §4.2.4), so the newest copy is the one worth keeping.
/// </summary>
public sealed class DtlsDatagramChannel : IDtlsDatagramChannel, IDisposable
{
    /// <summary>Leaves room for IP/UDP headers and TURN framing under a 1280-byte IPv6 minimum MTU, as browsers do.</summary>
    public const int DefaultSendLimit = 1200;

    /// <summary>One maximal record (RFC 6347 §4.1) plus its header: peers on loopback may send more than a path MTU.</summary>
    public const int DefaultReceiveLimit = DtlsRecord.MaxFragmentLength + DtlsRecord.HeaderLength;

    public const int DefaultCapacity = 64;

    private readonly DatagramSendCallback _send;
    private readonly Queue<(byte[] Buffer, int Length)> _inbound;
    private readonly int _capacity;
    private readonly object _gate = new();   // Monitor.Wait/PulseAll: a blocked Receive sleeps on it
    private bool _closed;
    private long _dropped;

    public DtlsDatagramChannel(
        DatagramSendCallback send,
        int sendLimit = DefaultSendLimit,
        int receiveLimit = DefaultReceiveLimit,
        int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThan(sendLimit, 256);
        ArgumentOutOfRangeException.ThrowIfLessThan(receiveLimit, 256);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _send = send;
        SendLimit = sendLimit;
        ReceiveLimit = receiveLimit;
        _capacity = capacity;
        _inbound = new Queue<(byte[], int)>(capacity);
    }

    public int SendLimit { get; }

    public int ReceiveLimit { get; }

    public bool IsClosed
    {
        get { lock (_gate) return _closed; }
    }

    /// <summary>Datagrams dropped because the queue was full or the datagram was larger than the receive limit.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Hands a received datagram to the session (copied; the caller keeps its buffer). False when the channel is
    /// closed or the datagram is oversized; when the queue is full the oldest queued datagram is dropped instead.
    /// </summary>
    public bool TryDeliver(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > ReceiveLimit)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(datagram.Length, 1));
        datagram.CopyTo(buffer);
        byte[]? evicted;
        lock (_gate)
        {
            if (_closed)
            {
                evicted = buffer;
            }
            else
            {
                evicted = null;
                if (_inbound.Count == _capacity)
                {
                    evicted = _inbound.Dequeue().Buffer;
                    Interlocked.Increment(ref _dropped);
                }
                _inbound.Enqueue((buffer, datagram.Length));
                Monitor.Pulse(_gate);
            }
        }
        if (evicted is not null) ArrayPool<byte>.Shared.Return(evicted);
        return !ReferenceEquals(evicted, buffer);
    }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        if (IsClosed) return;
        _send(datagram);
    }

    public int Receive(Span<byte> destination, TimeSpan timeout)
    {
        bool infinite = timeout == Timeout.InfiniteTimeSpan;
        long deadline = infinite ? long.MaxValue : Environment.TickCount64 + (long)Math.Ceiling(Math.Max(0, timeout.TotalMilliseconds));
        (byte[] Buffer, int Length) item;
        lock (_gate)
        {
            while (true)
            {
                if (_closed) throw new DtlsChannelClosedException();
                if (_inbound.TryDequeue(out item)) break;
                if (infinite)
                {
                    Monitor.Wait(_gate);
                    continue;
                }
                long remaining = deadline - Environment.TickCount64;
                if (remaining <= 0) return -1;
                Monitor.Wait(_gate, (int)Math.Min(remaining, int.MaxValue));
            }
        }

        int length = Math.Min(item.Length, destination.Length);
        item.Buffer.AsSpan(0, length).CopyTo(destination);
        ArrayPool<byte>.Shared.Return(item.Buffer);
        return length;
    }

    public void Close()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            while (_inbound.TryDequeue(out var item)) ArrayPool<byte>.Shared.Return(item.Buffer);
            Monitor.PulseAll(_gate);
        }
    }

    public void Dispose() => Close();
}
