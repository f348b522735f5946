using System.Buffers.Binary;
using System.Numerics;

namespace Gateway.Rtc.Rtcp;

/// <summary>
/// One generic NACK FCI entry (RFC 4585 §6.2.1): PID is lost, and bit i of BLP (least significant first) says
/// PID + i + 1 is lost too.
/// </summary>
public readonly record struct NackPair(ushort PacketId, ushort LostBitmask) : IRtcpListItem<NackPair>
{
    public static int WireSize => 4;

    /// <summary>How many sequence numbers this entry reports lost (1..17).</summary>
    public int LostCount => 1 + BitOperations.PopCount(LostBitmask);

    public static NackPair Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt16BigEndian(source), BinaryPrimitives.ReadUInt16BigEndian(source[2..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, PacketId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], LostBitmask);
    }

    /// <summary>Writes the lost sequence numbers in order; false when <paramref name="destination"/> is too small.</summary>
    public bool TryCopyLostTo(Span<ushort> destination, out int written)
    {
        written = 0;
        if (destination.Length < LostCount) return false;
        destination[written++] = PacketId;
        for (var bit = 0; bit < 16; bit++)
        {
            if ((LostBitmask & (1 << bit)) != 0) destination[written++] = (ushort)(PacketId + bit + 1);
        }
        return true;
    }
}
