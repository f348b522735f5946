using System.Buffers;
using System.Numerics;
using Gateway.Rtc.Rtp;

namespace Gateway.Pipelines.Receiving;

/// <summary>
/// Reorders one track's RTP packets: holds pooled datagrams keyed by extended sequence number and releases them in
/// sequence order. A gap is waited for up to <see cref="JitterBufferOptions.Latency"/> after the first packet behind
/// it was inserted, then declared lost (a <see cref="ReleasedPacketKind.Lost"/> marker, and <see cref="PacketsLost"/>).
/// Single-threaded: one track stage owns it. Time comes only from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class JitterBuffer : IDisposable
{
    private readonly Slot[] _slots;
    private readonly long _mask;
    private readonly JitterBufferOptions _options;
    private readonly TimeProvider _time;
    private readonly ArrayPool<byte> _pool;
    private readonly long _latencyTicks;

    private bool _started;
    private long _next;          // extended sequence number released next
    private long _highest;       // newest extended sequence number accepted
    private int _count;
    private long _bytes;
    private long _lossFrom = -1; // a declared loss [_lossFrom, _next) not handed out yet
    private bool _resetPending;
    private bool _flushing;
    private int _restartCandidate = -1; // RFC 3550 §A.1 bad_seq: a far packet's successor confirms a restart

    private long _accepted, _released, _duplicates, _tooLate, _outOfRange, _lost, _dropped, _resets;

    public JitterBuffer(JitterBufferOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPackets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxPackets, 16384);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ResyncDistance, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Latency, TimeSpan.Zero);
        _options = options;
        _time = time;
        _pool = options.Pool;
        // Twice the packet cap, so a window that is full by count still has room to index newer packets.
        _slots = new Slot[BitOperations.RoundUpToPowerOf2((uint)options.MaxPackets * 2)];
        _mask = _slots.Length - 1;
        _latencyTicks = (long)(options.Latency.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Raised when sequence numbers are declared lost, so the WebRTC path can NACK or ask for a key frame.</summary>
    public event Action<LostRange>? PacketsLost;

    public JitterBufferStats Stats =>
        new(_accepted, _released, _duplicates, _tooLate, _outOfRange, _lost, _dropped, _resets, _count, _bytes);

    /// <summary>Inserts a packet that arrived now. See <see cref="Insert(in RtpHeader, byte[], int, Range, long)"/>.</summary>
    public InsertResult Insert(in RtpHeader header, byte[] buffer, int length, Range payload) =>
        Insert(header, buffer, length, payload, _time.GetTimestamp());

    /// <summary>
    /// Takes ownership of <paramref name="buffer"/> (rented from <see cref="JitterBufferOptions.Pool"/>) whatever the
    /// result: it is held until released, or returned to the pool at once when the packet is not kept.
    /// </summary>
    /// <param name="receivedAt">Arrival time in <see cref="TimeProvider.GetTimestamp"/> units.</param>
    public InsertResult Insert(in RtpHeader header, byte[] buffer, int length, Range payload, long receivedAt)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var sequence = header.SequenceNumber;
        if (!_started) Start(sequence);

        // Extend against the newest packet: within ±32768 of it (RFC 3550 §A.1 counts cycles the same way).
        long extended = _highest + SequenceNumber.Distance(sequence, (ushort)_highest);
        if (extended - _highest > _options.ResyncDistance || _next - extended > _options.ResyncDistance)
        {
            if (sequence != _restartCandidate)
            {
                _restartCandidate = (ushort)(sequence + 1);
                _outOfRange++;
                _pool.Return(buffer);
                return InsertResult.OutOfRange;
            }
            // Two packets in sequence far from the old stream: it restarted. Start over from this one.
            ResetCore();
            Start(sequence);
            extended = _highest;
        }
        _restartCandidate = -1;

        if (extended < _next)
        {
            ref var old = ref _slots[extended & _mask];
            bool seen = old.State == SlotState.Released && old.Sequence == extended;
            if (seen) _duplicates++;
            else _tooLate++;
            _pool.Return(buffer);
            return seen ? InsertResult.Duplicate : InsertResult.TooLate;
        }

        ref var slot = ref _slots[extended & _mask];
        if (slot.State == SlotState.Held && slot.Sequence == extended)
        {
            _duplicates++;
            _pool.Return(buffer);
            return InsertResult.Duplicate;
        }

        // Caps: make room by giving up the oldest (RFC-free policy: a full buffer means the head gap is hopeless).
        if (extended - _next >= _slots.Length) SkipTo(extended - _slots.Length + 1);
        while (_count > 0 && (_count >= _options.MaxPackets || _bytes + length > _options.MaxBytes)) DropOldest();

        slot = ref _slots[extended & _mask];
        slot = new Slot
        {
            State = SlotState.Held, Sequence = extended, Header = header, Buffer = buffer, Length = length,
            Payload = payload, ReceivedAt = receivedAt,
            // The wait for a gap counts from when this buffer could first see it, not from arrival: when the thread
            // that inserts lags the socket (a starved pool), a gap still gets its full latency for NACK round trips.
            HeldSince = Math.Max(receivedAt, _time.GetTimestamp()),
        };
        _count++;
        _bytes += length;
        _accepted++;
        if (extended > _highest) _highest = extended;
        return InsertResult.Accepted;
    }

    /// <summary>
    /// Hands out the next item in order: a loss or reset marker first when one is pending, then the packet at the
    /// release point, or a loss marker once the packet after a gap has waited <see cref="JitterBufferOptions.Latency"/>.
    /// </summary>
    public bool TryDequeue(out ReleasedPacket packet)
    {
        if (_resetPending)
        {
            _resetPending = false;
            packet = new ReleasedPacket(ReleasedPacketKind.Reset, default, null, 0, default, _next, 0, 0, null);
            return true;
        }
        if (_lossFrom < 0 && _count > 0 && !IsHeld(_next))
        {
            long first = FirstHeldAfterHead();
            if (_flushing || _time.GetTimestamp() - _slots[first & _mask].HeldSince >= _latencyTicks) SkipTo(first);
        }
        if (_lossFrom >= 0)
        {
            packet = new ReleasedPacket(ReleasedPacketKind.Lost, default, null, 0, default, _lossFrom, _next - _lossFrom, 0, null);
            _lossFrom = -1;
            return true;
        }
        if (_count > 0 && IsHeld(_next))
        {
            ref var slot = ref _slots[_next & _mask];
            packet = new ReleasedPacket(ReleasedPacketKind.Packet, slot.Header, slot.Buffer, slot.Length, slot.Payload,
                _next, 1, slot.ReceivedAt, _pool);
            Release(ref slot);
            _released++;
            _next++;
            return true;
        }
        packet = default;
        return false;
    }

    /// <summary>
    /// How long until <see cref="TryDequeue"/> has something to hand out without a new packet: zero when something
    /// is ready now, null when nothing is waiting. The track stage arms a <see cref="TimeProvider"/> timer with it.
    /// </summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            if (_resetPending || _lossFrom >= 0 || (_count > 0 && (IsHeld(_next) || _flushing))) return TimeSpan.Zero;
            if (_count == 0) return null;
            long due = _slots[FirstHeldAfterHead() & _mask].HeldSince + _latencyTicks - _time.GetTimestamp();
            return due <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)due / _time.TimestampFrequency);
        }
    }

    /// <summary>
    /// The source has ended: nothing will fill a gap any more, so from now on <see cref="TryDequeue"/> hands out
    /// everything held at once, each gap as a loss, instead of waiting out the latency.
    /// </summary>
    public void Flush() => _flushing = true;

    /// <summary>Drops everything held (returned to the pool) and starts over at the next packet; hands out a reset marker.</summary>
    public void Reset()
    {
        if (!_started && _count == 0) return;
        ResetCore();
    }

    /// <summary>Returns every held buffer to the pool.</summary>
    public void Dispose()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].State == SlotState.Held) _pool.Return(_slots[i].Buffer!);
            _slots[i] = default;
        }
        _count = 0;
        _bytes = 0;
    }

    private void Start(ushort sequence)
    {
        // Start one cycle up so packets reordered before the first one still extend to a non-negative number.
        _next = _highest = 0x10000 + sequence;
        _started = true;
    }

    private void ResetCore()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].State == SlotState.Held)
            {
                _pool.Return(_slots[i].Buffer!);
                _dropped++;
            }
            _slots[i] = default;
        }
        _count = 0;
        _bytes = 0;
        _lossFrom = -1;
        _started = false;
        _restartCandidate = -1;
        _resetPending = true;
        _resets++;
    }

    private bool IsHeld(long extended)
    {
        ref var slot = ref _slots[extended & _mask];
        return slot.State == SlotState.Held && slot.Sequence == extended;
    }

    private long FirstHeldAfterHead()
    {
        for (long s = _next + 1; s <= _highest; s++)
        {
            if (IsHeld(s)) return s;
        }
        throw new InvalidOperationException("held count and slots disagree"); // a bug, not bad input
    }

    /// <summary>Moves the release point to <paramref name="target"/>, declaring everything before it lost.</summary>
    private void SkipTo(long target)
    {
        if (target <= _next) return;
        long from = _next;
        for (long s = _next; s < target; s++)
        {
            ref var slot = ref _slots[s & _mask];
            if (slot.State == SlotState.Held && slot.Sequence == s)
            {
                _pool.Return(slot.Buffer!);
                _dropped++;
                _count--;
                _bytes -= slot.Length;
                slot = default;
            }
            else
            {
                _lost++;
            }
        }
        _next = target;
        if (_highest < _next - 1) _highest = _next - 1;
        if (_lossFrom < 0) _lossFrom = from;
        PacketsLost?.Invoke(new LostRange(from, target - from));
    }

    private void DropOldest()
    {
        long oldest = IsHeld(_next) ? _next : FirstHeldAfterHead();
        SkipTo(oldest + 1);
    }

    private void Release(ref Slot slot)
    {
        _count--;
        _bytes -= slot.Length;
        slot.Buffer = null;
        slot.State = SlotState.Released; // kept, with its sequence number, to tell duplicates from late packets
    }

    private enum SlotState : byte
    {
        Empty,
        Held,
        Released,
    }

    private struct Slot
    {
        public SlotState State;
        public long Sequence;
        public RtpHeader Header;
        public byte[]? Buffer;
        public int Length;
        public Range Payload;
        public long ReceivedAt;
        public long HeldSince;
    }
}
