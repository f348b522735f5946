namespace Gateway.Rtc.Stun;

/// <summary>
/// FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to the attribute, XOR 0x5354554E ("STUN"), computed with
/// the header length already covering the FINGERPRINT attribute. It lets a shared port tell STUN from other traffic.
/// </summary>
public static class Fingerprint
{
    public const int ValueLength = 4;
    public const uint XorValue = 0x5354554E;

    /// <summary>The fingerprint of <paramref name="messagePrefix"/>: every byte before the FINGERPRINT attribute.</summary>
    public static uint Compute(ReadOnlySpan<byte> messagePrefix) => Crc32.Compute(messagePrefix) ^ XorValue;
}
