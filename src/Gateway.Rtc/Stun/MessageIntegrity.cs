using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gateway.Rtc.Stun;

/// <summary>
/// MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) and MESSAGE-INTEGRITY-SHA256 (§14.6). The HMAC covers the message up
/// to the attribute, with the header's length field set as if the integrity attribute were the last one: anything
/// after it (FINGERPRINT) is excluded from both the bytes and the length.
/// </summary>
public static class MessageIntegrity
{
    public const int Sha1Length = 20;
    public const int Sha256Length = 32;

    private const int StackLimit = 1024;

    /// <summary>
    /// Computes the HMAC for an integrity attribute whose header starts at <paramref name="attributeOffset"/> in
    /// <paramref name="message"/> and whose value is <paramref name="valueLength"/> bytes long. Copies the prefix to
    /// patch the length field, on the stack for ordinary messages.
    /// </summary>
    internal static void Compute(ReadOnlySpan<byte> message, int attributeOffset, int valueLength, bool sha256,
        ReadOnlySpan<byte> key, Span<byte> hash)
    {
        byte[]? rented = null;
        Span<byte> prefix = attributeOffset <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(attributeOffset));
        prefix = prefix[..attributeOffset];
        message[..attributeOffset].CopyTo(prefix);
        int adjustedLength = attributeOffset - StunMessage.HeaderLength + StunMessage.AttributeHeaderLength + valueLength;
        BinaryPrimitives.WriteUInt16BigEndian(prefix[2..], (ushort)adjustedLength);
        if (sha256) HMACSHA256.HashData(key, prefix, hash);
        else HMACSHA1.HashData(key, prefix, hash);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    /// <summary>Checks the value at <paramref name="attributeOffset"/> in constant time.</summary>
    internal static bool Verify(ReadOnlySpan<byte> message, int attributeOffset, bool sha256, ReadOnlySpan<byte> key)
    {
        if (attributeOffset < StunMessage.HeaderLength) return false;
        int valueLength = BinaryPrimitives.ReadUInt16BigEndian(message[(attributeOffset + 2)..]);
        Span<byte> hash = stackalloc byte[Sha256Length];
        Compute(message, attributeOffset, valueLength, sha256, key, hash);
        var received = message.Slice(attributeOffset + StunMessage.AttributeHeaderLength, valueLength);
        return CryptographicOperations.FixedTimeEquals(hash[..valueLength], received);
    }
}
