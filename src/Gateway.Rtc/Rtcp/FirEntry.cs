using System.Buffers.Binary;

namespace Gateway.Rtc.Rtcp;

/// <summary>One FIR FCI entry (RFC 5104 §4.3.1.1): the SSRC asked for a key frame and a command sequence number.</summary>
public readonly record struct FirEntry(uint Ssrc, byte SequenceNumber) : IRtcpListItem<FirEntry>
{
    public static int WireSize => 8;

    public static FirEntry Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source), source[4]);

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        destination[4] = SequenceNumber;
        destination[5..8].Clear(); // reserved, §4.3.1.1
    }
}
