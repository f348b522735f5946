using System.Buffers.Binary;

namespace Gateway.Rtc.Rtp;

/// <summary>
/// RTP fixed header (RFC 3550 §5.1) plus where the CSRC list, header extension and payload sit in the datagram.
/// Nothing is copied: the CSRC list and extension are located by offset so the packet path allocates nothing.
/// </summary>
public readonly record struct RtpHeader(bool Marker, byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc)
{
    public const int FixedLength = 12;

    /// <summary>Number of CSRC identifiers (CC field, 0..15).</summary>
    public int CsrcCount { get; init; }

    /// <summary>True when the X bit is set (RFC 3550 §5.3.1).</summary>
    public bool HasExtension { get; init; }

    /// <summary>The 16-bit "defined by profile" word of the extension (0xBEDE one-byte, 0x100x two-byte, RFC 8285).</summary>
    public ushort ExtensionProfile { get; init; }

    /// <summary>Offset of the extension's element data (after the 4-byte extension header).</summary>
    public int ExtensionOffset { get; init; }

    /// <summary>Length in bytes of the extension's element data (excluding its 4-byte header).</summary>
    public int ExtensionLength { get; init; }

    /// <summary>Total header length: fixed header, CSRCs and extension.</summary>
    public int HeaderLength { get; init; }

    /// <summary>Padding octets at the end of the datagram, including the count octet itself (0 when P is clear).</summary>
    public int PaddingLength { get; init; }

    /// <summary>Reads CSRC <paramref name="index"/> from the datagram this header was parsed from.</summary>
    public uint GetCsrc(ReadOnlySpan<byte> datagram, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(datagram[(FixedLength + 4 * index)..]);
    }

    /// <summary>Parses a datagram. Never throws: a malformed datagram returns false and says why.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpHeader header, out Range payload, out RtpParseError error)
    {
        header = default;
        payload = default;
        if (data.Length < FixedLength) return Fail(RtpParseError.TooShort, out error);
        if (data[0] >> 6 != 2) return Fail(RtpParseError.BadVersion, out error);

        int csrcCount = data[0] & 0x0F;
        int offset = FixedLength + 4 * csrcCount;
        if (offset > data.Length) return Fail(RtpParseError.Truncated, out error);

        bool hasExtension = (data[0] & 0x10) != 0;
        ushort profile = 0;
        int extensionOffset = 0, extensionLength = 0;
        if (hasExtension) // RFC 3550 §5.3.1: 16-bit profile, 16-bit length in 32-bit words
        {
            if (data.Length - offset < 4) return Fail(RtpParseError.Truncated, out error);
            profile = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            extensionLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            extensionOffset = offset + 4;
            if (data.Length - extensionOffset < extensionLength) return Fail(RtpParseError.Truncated, out error);
            offset = extensionOffset + extensionLength;
        }

        int padding = 0;
        if ((data[0] & 0x20) != 0) // P bit: the last octet counts the padding, itself included
        {
            if (data.Length == offset) return Fail(RtpParseError.BadPadding, out error);
            padding = data[^1];
            if (padding == 0 || padding > data.Length - offset) return Fail(RtpParseError.BadPadding, out error);
        }

        header = new RtpHeader(
            (data[1] & 0x80) != 0,
            (byte)(data[1] & 0x7F),
            BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]))
        {
            CsrcCount = csrcCount,
            HasExtension = hasExtension,
            ExtensionProfile = profile,
            ExtensionOffset = extensionOffset,
            ExtensionLength = extensionLength,
            HeaderLength = offset,
            PaddingLength = padding,
        };
        payload = offset..(data.Length - padding);
        error = RtpParseError.None;
        return true;
    }

    /// <summary>
    /// Writes the fixed header (V=2, no padding, no extension, no CSRCs) into <paramref name="destination"/>.
    /// CSRCs and extensions are written by the packet writer.
    /// </summary>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < FixedLength) return false;
        destination[0] = 0x80;
        destination[1] = (byte)((Marker ? 0x80 : 0) | (PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        written = FixedLength;
        return true;
    }

    private static bool Fail(RtpParseError reason, out RtpParseError error)
    {
        error = reason;
        return false;
    }
}
