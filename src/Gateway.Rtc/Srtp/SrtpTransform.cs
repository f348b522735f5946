namespace Gateway.Rtc.Srtp;

/// <summary>
/// The cryptographic half of a profile: what to encrypt and authenticate, given the packet index the
/// <see cref="SrtpContext"/> worked out. Packets are processed in place; lengths include the trailer.
/// </summary>
internal abstract class SrtpTransform : IDisposable
{
    public abstract int RtpTagLength { get; }

    /// <summary>Bytes after the SRTCP plaintext: tag and E flag with index, in the profile's order.</summary>
    public abstract int RtcpTrailerLength { get; }

    /// <summary>Offset of the E flag and SRTCP index word counted back from the end of the packet.</summary>
    public abstract int RtcpIndexOffsetFromEnd { get; }

    /// <summary>Verifies the tag of packet[..^tag] and, when it matches, decrypts the payload in place.</summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, uint rolloverCounter, ushort sequence);

    /// <summary>Encrypts packet[headerLength..plaintextLength] and writes the tag after it.</summary>
    public abstract void ProtectRtp(Span<byte> packet, int headerLength, int plaintextLength, uint ssrc, uint rolloverCounter, ushort sequence);

    /// <summary>Verifies and, when the E flag is set, decrypts an SRTCP packet in place.</summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted);

    /// <summary>Encrypts packet[8..plaintextLength] and appends the E flag, index and tag.</summary>
    public abstract void ProtectRtcp(Span<byte> packet, int plaintextLength, uint ssrc, uint index);

    public abstract void Dispose();

    /// <param name="allowIntrinsics">False forces the platform ciphers (tests and benchmarks compare the two).</param>
    public static SrtpTransform Create(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt,
        bool allowIntrinsics = true) =>
        SrtpProfiles.IsAead(profile)
            ? AesGcmTransform.FromMasterKey(masterKey, masterSalt, allowIntrinsics)
            : new AesCmHmacTransform(masterKey, masterSalt, SrtpProfiles.RtpTagLength(profile), allowIntrinsics);
}
