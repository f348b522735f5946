using System.Buffers.Binary;

namespace Gateway.Rtc.Rtcp;

/// <summary>
/// A reception report block (RFC 3550 §6.4.1), 24 bytes. <see cref="CumulativeLost"/> is a 24-bit signed field
/// (negative when duplicates arrived); LSR and DLSR are in NTP compact form (1/65536 s).
/// </summary>
public readonly record struct ReceptionReport(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport) : IRtcpListItem<ReceptionReport>
{
    public const int Size = 24;
    public const int MaxCumulativeLost = 0x7F_FFFF;
    public const int MinCumulativeLost = -0x80_0000;

    public static int WireSize => Size;

    public static bool TryParse(ReadOnlySpan<byte> data, out ReceptionReport report)
    {
        report = default;
        if (data.Length < Size) return false;
        report = Read(data);
        return true;
    }

    public static ReceptionReport Read(ReadOnlySpan<byte> source)
    {
        // 24-bit two's complement: shift into the top of an int and back to sign-extend.
        int lost = (int)(BinaryPrimitives.ReadUInt32BigEndian(source[4..]) << 8) >> 8;
        return new ReceptionReport(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            source[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]));
    }

    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size) return false;
        Write(destination);
        written = Size;
        return true;
    }

    /// <summary>Writes the block; a cumulative loss outside 24 bits is clamped, as RFC 3550 §A.3 asks.</summary>
    public void Write(Span<byte> destination)
    {
        int lost = Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | ((uint)lost & 0xFF_FFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }
}
