using System.Buffers.Binary;

namespace Gateway.Rtc.Dtls;

/// <summary>
/// The DTLS 1.0/1.2 record header (RFC 6347 §4.1): type(1) version(2) epoch(2) sequence_number(6) length(2).
/// Used to demultiplex and count records; the records themselves are BouncyCastle's business.
/// </summary>
public static class DtlsRecord
{
    public const int HeaderLength = 13;

    /// <summary>RFC 5246 §6.2.3: a TLSCiphertext fragment is at most 2^14 + 2048 bytes.</summary>
    public const int MaxFragmentLength = (1 << 14) + 2048;

    /// <summary>RFC 7983 §7: a first byte in 20..63 is DTLS (0..3 STUN, 64..79 TURN channel, 128..191 RTP/RTCP).</summary>
    public static bool IsDtls(byte first) => first is >= 20 and <= 63;

    /// <summary>
    /// Parses the first record header in <paramref name="datagram"/>. A datagram may carry several records
    /// (RFC 6347 §4.1.1): the next one starts at <see cref="HeaderLength"/> + <paramref name="length"/>.
    /// Never throws.
    /// </summary>
    public static bool TryParseHeader(
        ReadOnlySpan<byte> datagram,
        out DtlsContentType contentType,
        out ushort version,
        out ushort epoch,
        out ulong sequenceNumber,
        out ushort length,
        out DtlsRecordParseError error)
    {
        (contentType, version, epoch, sequenceNumber, length) = (default, default, default, default, default);
        if (datagram.IsEmpty) return Fail(DtlsRecordParseError.TooShort, out error);
        if (!IsDtls(datagram[0])) return Fail(DtlsRecordParseError.NotDtls, out error);
        // 32..63 with the top bits 001 is a DTLS 1.3 unified header (RFC 9147 §4); 26..31 are unassigned.
        if (datagram[0] > (byte)DtlsContentType.ConnectionId) return Fail(DtlsRecordParseError.UnknownContentType, out error);
        if (datagram.Length < HeaderLength) return Fail(DtlsRecordParseError.TooShort, out error);
        if (datagram[1] != 0xFE) return Fail(DtlsRecordParseError.BadVersion, out error);

        ushort recordLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
        if (recordLength > MaxFragmentLength) return Fail(DtlsRecordParseError.RecordTooLong, out error);
        if (recordLength > datagram.Length - HeaderLength) return Fail(DtlsRecordParseError.Truncated, out error);

        contentType = (DtlsContentType)datagram[0];
        version = BinaryPrimitives.ReadUInt16BigEndian(datagram[1..]);
        epoch = BinaryPrimitives.ReadUInt16BigEndian(datagram[3..]);
        // 48-bit sequence number: the two bytes of the epoch are masked off a 64-bit read.
        sequenceNumber = BinaryPrimitives.ReadUInt64BigEndian(datagram[3..]) & 0x0000_FFFF_FFFF_FFFFUL;
        length = recordLength;
        error = DtlsRecordParseError.None;
        return true;

        static bool Fail(DtlsRecordParseError reason, out DtlsRecordParseError error)
        {
            error = reason;
            return false;
        }
    }
}
