using System.Buffers;
using Gateway.Rtc.Rtp;

namespace Gateway.Pipelines.Receiving;

/// <summary>
/// What <see cref="JitterBuffer.TryDequeue"/> hands out: a packet in sequence order, or a loss/reset marker.
/// A packet owns its pooled buffer: exactly one holder calls <see cref="Dispose"/>, which returns it to the pool
/// (markers carry no buffer and Dispose does nothing).
/// </summary>
public readonly struct ReleasedPacket : IDisposable
{
    private readonly ArrayPool<byte>? _pool;

    internal ReleasedPacket(ReleasedPacketKind kind, in RtpHeader header, byte[]? buffer, int length, Range payload,
        long extendedSequenceNumber, long count, long receivedAt, ArrayPool<byte>? pool)
    {
        Kind = kind;
        Header = header;
        Buffer = buffer;
        Length = length;
        Payload = payload;
        ExtendedSequenceNumber = extendedSequenceNumber;
        Count = count;
        ReceivedAt = receivedAt;
        _pool = pool;
    }

    public ReleasedPacketKind Kind { get; }

    /// <summary>The packet's header (default for markers).</summary>
    public RtpHeader Header { get; }

    /// <summary>The datagram, rented from the pool; only the first <see cref="Length"/> bytes are data. Null for markers.</summary>
    public byte[]? Buffer { get; }

    public int Length { get; }

    /// <summary>Where the payload sits in <see cref="Buffer"/>.</summary>
    public Range Payload { get; }

    /// <summary>Packet: its extended sequence number. Lost: the first lost one.</summary>
    public long ExtendedSequenceNumber { get; }

    /// <summary>Lost: how many consecutive sequence numbers; 1 for a packet; 0 for a reset.</summary>
    public long Count { get; }

    /// <summary>Arrival time of the packet (<see cref="TimeProvider.GetTimestamp"/> units); 0 for markers.</summary>
    public long ReceivedAt { get; }

    public ReadOnlySpan<byte> PayloadSpan => Buffer is null ? default : Buffer.AsSpan(0, Length)[Payload];

    public LostRange LostRange => new(ExtendedSequenceNumber, Count);

    public void Dispose()
    {
        if (Buffer is not null) _pool!.Return(Buffer);
    }
}
