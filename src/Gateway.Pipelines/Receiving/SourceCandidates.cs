using System.Buffers;
using Gateway.Rtc.Rtp;

namespace Gateway.Pipelines.Receiving;

/// <summary>
/// Before a new SSRC may take a track (at the start, or after the current source fell silent), it has to send
/// <c>required</c> packets in sequence (RFC 3550 §A.1 probation, MIN_SEQUENTIAL). Until then its latest packet is
/// held here, not queued, so stray or hostile datagrams carrying the right payload type — each with a random SSRC
/// and sequence number — can never lock a real sender out. A few candidates are followed at once; the oldest is
/// evicted. Held buffers are returned to the pool when replaced, evicted or cleared.
/// </summary>
internal sealed class SourceCandidates(int required, ArrayPool<byte> pool)
{
    private const int Slots = 4;
    private readonly Candidate[] _slots = new Candidate[Slots];
    private long _age;

    internal struct Candidate
    {
        public bool Used;
        public uint Ssrc;
        public ushort LastSequence;
        public int InSequence;
        public long Age;
        public RtpHeader Header;
        public byte[]? Buffer;
        public int Length;
        public Range Payload;
        public long ReceivedAt;
    }

    /// <summary>
    /// Takes ownership of the packet. True when its SSRC has now passed probation: <paramref name="held"/> then holds
    /// that SSRC's previous packet (to be processed first; the caller owns its buffer) and every other candidate is
    /// dropped. False: the packet is held (or was dropped as a candidate that fell out).
    /// </summary>
    public bool Offer(in RtpHeader header, byte[] buffer, int length, Range payload, long receivedAt, out Candidate held)
    {
        held = default;
        var ssrc = header.Ssrc;
        var index = Array.FindIndex(_slots, s => s.Used && s.Ssrc == ssrc);
        if (index >= 0)
        {
            ref var slot = ref _slots[index];
            slot.InSequence = (ushort)(slot.LastSequence + 1) == header.SequenceNumber ? slot.InSequence + 1 : 1;
            if (slot.InSequence >= required)
            {
                held = slot;
                slot = default;
                Clear();
                return true;
            }
            Hold(ref slot, header, buffer, length, payload, receivedAt);
            return false;
        }
        if (required <= 1)
        {
            Clear();
            return true;
        }
        index = Array.FindIndex(_slots, s => !s.Used);
        if (index < 0) index = Array.IndexOf(_slots, _slots.MinBy(s => s.Age));
        ref var free = ref _slots[index];
        if (free.Buffer is not null) pool.Return(free.Buffer);
        free = new Candidate { Used = true, Ssrc = header.Ssrc, InSequence = 1 };
        Hold(ref free, header, buffer, length, payload, receivedAt);
        return false;
    }

    /// <summary>Drops every candidate and returns the buffers they held.</summary>
    public void Clear()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Buffer is { } buffer) pool.Return(buffer);
            _slots[i] = default;
        }
    }

    private void Hold(ref Candidate slot, in RtpHeader header, byte[] buffer, int length, Range payload, long receivedAt)
    {
        if (slot.Buffer is { } previous) pool.Return(previous);
        slot.LastSequence = header.SequenceNumber;
        slot.Age = ++_age;
        (slot.Header, slot.Buffer, slot.Length, slot.Payload, slot.ReceivedAt) = (header, buffer, length, payload, receivedAt);
    }
}
