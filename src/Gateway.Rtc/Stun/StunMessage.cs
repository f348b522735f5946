using System.Buffers.Binary;

namespace Gateway.Rtc.Stun;

/// <summary>
/// A parsed STUN message (RFC 8489 §5, §14) over the caller's bytes. Nothing is copied: attributes are found by
/// offset when asked for. Typed getters live in StunMessage.Attributes.cs, integrity checks in StunMessage.Integrity.cs.
/// </summary>
public readonly ref partial struct StunMessage
{
    public const int HeaderLength = 20;
    public const int AttributeHeaderLength = 4;
    public const uint MagicCookie = 0x2112A442;

    private StunMessage(ReadOnlySpan<byte> data, StunMessageType type, StunTransactionId transactionId,
        int messageIntegrityOffset, int messageIntegritySha256Offset, int fingerprintOffset)
    {
        Data = data;
        Type = type;
        TransactionId = transactionId;
        MessageIntegrityOffset = messageIntegrityOffset;
        MessageIntegritySha256Offset = messageIntegritySha256Offset;
        FingerprintOffset = fingerprintOffset;
    }

    /// <summary>The whole message, header included.</summary>
    public ReadOnlySpan<byte> Data { get; }

    public StunMessageType Type { get; }

    public StunTransactionId TransactionId { get; }

    /// <summary>Offset of the first MESSAGE-INTEGRITY attribute header, or -1.</summary>
    public int MessageIntegrityOffset { get; }

    /// <summary>Offset of the first MESSAGE-INTEGRITY-SHA256 attribute header, or -1.</summary>
    public int MessageIntegritySha256Offset { get; }

    /// <summary>Offset of the FINGERPRINT attribute header (always the last attribute), or -1.</summary>
    public int FingerprintOffset { get; }

    public StunAttributeEnumerator Attributes => new(Data);

    /// <summary>Rounds an attribute value length up to the 4-byte boundary (RFC 8489 §14).</summary>
    public static int Pad(int length) => (length + 3) & ~3;

    /// <summary>
    /// RFC 7983 demultiplexing plus the STUN header checks: first byte 0..3 and the magic cookie. Cheap enough to run
    /// on every datagram arriving on a shared port.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength && datagram[0] <= 3 && (datagram[3] & 0x03) == 0 &&
        BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    /// <summary>
    /// Parses one message occupying the whole of <paramref name="data"/> (a UDP datagram). Never throws and never
    /// allocates; a malformed message returns false with the reason.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out StunMessage message, out StunParseError error)
    {
        message = default;
        if (data.Length < HeaderLength) return Fail(StunParseError.TooShort, out error);
        if ((data[0] & 0xC0) != 0) return Fail(StunParseError.NotStun, out error);
        if (BinaryPrimitives.ReadUInt32BigEndian(data[4..]) != MagicCookie) return Fail(StunParseError.BadMagicCookie, out error);
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if ((length & 3) != 0 || length != data.Length - HeaderLength) return Fail(StunParseError.BadLength, out error);

        int integrity = -1, integritySha256 = -1, fingerprint = -1;
        int offset = HeaderLength;
        while (offset < data.Length)
        {
            if (fingerprint >= 0) return Fail(StunParseError.FingerprintNotLast, out error);
            if (data.Length - offset < AttributeHeaderLength) return Fail(StunParseError.TruncatedAttribute, out error);
            var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            int padded = Pad(valueLength);
            if (data.Length - offset - AttributeHeaderLength < padded) return Fail(StunParseError.TruncatedAttribute, out error);
            switch (type)
            {
                case StunAttributeType.MessageIntegrity when integrity < 0:
                    if (valueLength != MessageIntegrity.Sha1Length) return Fail(StunParseError.BadAttributeLength, out error);
                    integrity = offset;
                    break;
                case StunAttributeType.MessageIntegritySha256 when integritySha256 < 0:
                    // RFC 8489 §14.6: 16 to 32 bytes, a multiple of 4 (a truncated HMAC-SHA256).
                    if (valueLength is < 16 or > 32 || (valueLength & 3) != 0)
                        return Fail(StunParseError.BadAttributeLength, out error);
                    integritySha256 = offset;
                    break;
                case StunAttributeType.Fingerprint:
                    if (valueLength != Fingerprint.ValueLength) return Fail(StunParseError.BadAttributeLength, out error);
                    fingerprint = offset;
                    break;
            }
            offset += AttributeHeaderLength + padded;
        }

        message = new StunMessage(data, StunMessageType.FromWire(BinaryPrimitives.ReadUInt16BigEndian(data)),
            StunTransactionId.Read(data[8..]), integrity, integritySha256, fingerprint);
        error = StunParseError.None;
        return true;
    }

    /// <summary>
    /// Finds the first attribute of <paramref name="type"/>. Attributes after MESSAGE-INTEGRITY(-SHA256) are not
    /// protected and RFC 8489 §14.5 says to ignore them, so only FINGERPRINT and the integrity attributes are
    /// searched past that point.
    /// </summary>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        bool searchPastIntegrity = type is StunAttributeType.MessageIntegrity or StunAttributeType.MessageIntegritySha256
            or StunAttributeType.Fingerprint;
        foreach (var attribute in Attributes)
        {
            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }
            if (!searchPastIntegrity && attribute.Type is StunAttributeType.MessageIntegrity or StunAttributeType.MessageIntegritySha256)
                break;
        }
        value = default;
        return false;
    }

    private static bool Fail(StunParseError reason, out StunParseError error)
    {
        error = reason;
        return false;
    }
}
