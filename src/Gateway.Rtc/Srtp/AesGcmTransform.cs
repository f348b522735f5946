using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gateway.Rtc.Srtp;

/// <summary>
/// AEAD_AES_128_GCM (RFC 7714). SRTP: IV = salt XOR (0^16 || SSRC || ROC || SEQ), AAD = the RTP header, 16-byte tag
/// after the ciphertext (§8). SRTCP: IV = salt XOR (0^16 || SSRC || 0^16 || index), AAD = header || E·index, and the
/// E·index word follows the tag (§9). One <see cref="Gcm128"/> per session key, reused for every packet: the
/// intrinsics one where the CPU allows, else the platform AesGcm.
/// </summary>
internal sealed class AesGcmTransform : SrtpTransform
{
    private const int Tag = 16, NonceLength = 12;

    private readonly Gcm128 _rtp, _rtcp;
    private readonly byte[] _rtpSalt = new byte[NonceLength], _rtcpSalt = new byte[NonceLength];

    private AesGcmTransform(ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt,
        bool allowIntrinsics)
    {
        rtpSalt.CopyTo(_rtpSalt);
        rtcpSalt.CopyTo(_rtcpSalt);
        _rtp = Gcm128.Create(rtpKey, allowIntrinsics);
        _rtcp = Gcm128.Create(rtcpKey, allowIntrinsics);
    }

    /// <param name="allowIntrinsics">False forces the platform AesGcm (tests and benchmarks compare the two).</param>
    public static AesGcmTransform FromMasterKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, bool allowIntrinsics = true)
    {
        Span<byte> keys = stackalloc byte[32];
        Span<byte> salts = stackalloc byte[2 * NonceLength];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryption, keys[..16]);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSalt, salts[..NonceLength]);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpEncryption, keys[16..]);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpSalt, salts[NonceLength..]);
        var transform = new AesGcmTransform(keys[..16], salts[..NonceLength], keys[16..], salts[NonceLength..], allowIntrinsics);
        CryptographicOperations.ZeroMemory(keys);
        return transform;
    }

    /// <summary>Session key and salt given directly, as the RFC 7714 §16/§17 vectors do (they skip the KDF).</summary>
    public static AesGcmTransform FromSessionKey(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt, bool allowIntrinsics = true) =>
        new(sessionKey, sessionSalt, sessionKey, sessionSalt, allowIntrinsics);

    public override int RtpTagLength => Tag;

    public override int RtcpTrailerLength => Tag + 4;

    public override int RtcpIndexOffsetFromEnd => 4;

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, uint rolloverCounter, ushort sequence)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        RtpNonce(nonce, ssrc, rolloverCounter, sequence);
        var ciphertext = packet[headerLength..^Tag];
        return _rtp.Decrypt(nonce, ciphertext, packet[^Tag..], ciphertext, packet[..headerLength]); // false → SrtpError.AuthFailed
    }

    public override void ProtectRtp(Span<byte> packet, int headerLength, int plaintextLength, uint ssrc, uint rolloverCounter, ushort sequence)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        RtpNonce(nonce, ssrc, rolloverCounter, sequence);
        var plaintext = packet[headerLength..plaintextLength];
        _rtp.Encrypt(nonce, plaintext, plaintext, packet.Slice(plaintextLength, Tag), packet[..headerLength]);
    }

    public override bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        RtcpNonce(nonce, ssrc, index);
        int tagOffset = packet.Length - 4 - Tag;
        var tag = packet.Slice(tagOffset, Tag);
        var indexWord = packet[^4..];
        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[12];
            packet[..8].CopyTo(aad);
            indexWord.CopyTo(aad[8..]);
            var ciphertext = packet[8..tagOffset];
            return _rtcp.Decrypt(nonce, ciphertext, tag, ciphertext, aad);
        }
        // E = 0 (RFC 7714 §9.2, §17.3): the whole packet and the index word are AAD, nothing is encrypted.
        byte[] unencryptedAad = new byte[tagOffset + 4]; // rare: browsers always encrypt SRTCP
        packet[..tagOffset].CopyTo(unencryptedAad);
        indexWord.CopyTo(unencryptedAad.AsSpan(tagOffset));
        return _rtcp.Decrypt(nonce, [], tag, [], unencryptedAad);
    }

    public override void ProtectRtcp(Span<byte> packet, int plaintextLength, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        RtcpNonce(nonce, ssrc, index);
        Span<byte> aad = stackalloc byte[12];
        packet[..8].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[8..], 0x8000_0000u | index);
        var plaintext = packet[8..plaintextLength];
        _rtcp.Encrypt(nonce, plaintext, plaintext, packet.Slice(plaintextLength, Tag), aad);
        aad[8..].CopyTo(packet[(plaintextLength + Tag)..]);
    }

    private void RtpNonce(Span<byte> nonce, uint ssrc, uint rolloverCounter, ushort sequence)
    {
        nonce[..2].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], rolloverCounter);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], sequence);
        AesCmCipher.Xor(nonce, _rtpSalt);
    }

    private void RtcpNonce(Span<byte> nonce, uint ssrc, uint index)
    {
        nonce[..2].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6..8].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index & 0x7FFF_FFFF);
        AesCmCipher.Xor(nonce, _rtcpSalt);
    }

    public override void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
    }
}
