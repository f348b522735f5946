using System.Buffers.Binary;

namespace Gateway.Rtc.Stun;

/// <summary>Integrity and fingerprint checks on a parsed message.</summary>
public readonly ref partial struct StunMessage
{
    /// <summary>True when MESSAGE-INTEGRITY is present and its HMAC-SHA1 matches <paramref name="key"/>.</summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key) =>
        MessageIntegrityOffset >= 0 && MessageIntegrity.Verify(Data, MessageIntegrityOffset, sha256: false, key);

    /// <summary>True when MESSAGE-INTEGRITY-SHA256 is present and its (possibly truncated) HMAC-SHA256 matches.</summary>
    public bool VerifyMessageIntegritySha256(ReadOnlySpan<byte> key) =>
        MessageIntegritySha256Offset >= 0 && MessageIntegrity.Verify(Data, MessageIntegritySha256Offset, sha256: true, key);

    /// <summary>True when FINGERPRINT is present and matches the CRC-32 of everything before it.</summary>
    public bool VerifyFingerprint() =>
        FingerprintOffset >= 0 &&
        BinaryPrimitives.ReadUInt32BigEndian(Data[(FingerprintOffset + AttributeHeaderLength)..]) ==
        Fingerprint.Compute(Data[..FingerprintOffset]);

    /// <summary>Parses <paramref name="message"/> and checks its MESSAGE-INTEGRITY; false for anything malformed.</summary>
    public static bool VerifyMessageIntegrity(ReadOnlySpan<byte> message, ReadOnlySpan<byte> key) =>
        TryParse(message, out var parsed, out _) && parsed.VerifyMessageIntegrity(key);

    /// <summary>Parses <paramref name="message"/> and checks its FINGERPRINT; false for anything malformed.</summary>
    public static bool VerifyFingerprint(ReadOnlySpan<byte> message) =>
        TryParse(message, out var parsed, out _) && parsed.VerifyFingerprint();
}
