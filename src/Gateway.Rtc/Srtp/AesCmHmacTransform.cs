using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gateway.Rtc.Srtp;

/// <summary>
/// AES_CM_128_HMAC_SHA1_80 / _32 (RFC 3711 §4.1.1, §4.2.1). SRTP tag = HMAC-SHA1(header || encrypted payload || ROC),
/// truncated; SRTCP tag = HMAC-SHA1(header || encrypted part || E·index), always 80 bits. Authentication is checked
/// before anything is decrypted.
/// </summary>
internal sealed class AesCmHmacTransform : SrtpTransform
{
    private const int RtcpTag = 10;

    private readonly int _rtpTagLength;
    private readonly AesCmCipher _rtpCipher, _rtcpCipher;
    private readonly IncrementalHash _rtpHmac, _rtcpHmac; // reused: the HMAC key schedule is done once, not per packet

    /// <param name="allowIntrinsics">False forces the platform AES (tests and benchmarks compare the two).</param>
    public AesCmHmacTransform(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int rtpTagLength, bool allowIntrinsics = true)
    {
        _rtpTagLength = rtpTagLength;
        Span<byte> key = stackalloc byte[16];
        Span<byte> salt = stackalloc byte[14];
        Span<byte> auth = stackalloc byte[20];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryption, key);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSalt, salt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthentication, auth);
        _rtpCipher = new AesCmCipher(key, salt, allowIntrinsics);
        _rtpHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, auth);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpEncryption, key);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpSalt, salt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpAuthentication, auth);
        _rtcpCipher = new AesCmCipher(key, salt, allowIntrinsics);
        _rtcpHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, auth);
        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(auth);
    }

    public override int RtpTagLength => _rtpTagLength;

    public override int RtcpTrailerLength => 4 + RtcpTag;

    public override int RtcpIndexOffsetFromEnd => 4 + RtcpTag;

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, uint rolloverCounter, ushort sequence)
    {
        int authenticated = packet.Length - _rtpTagLength;
        Span<byte> received = stackalloc byte[10];
        received = received[.._rtpTagLength];
        packet[authenticated..].CopyTo(received);
        Span<byte> tag = stackalloc byte[20];
        RtpTag(packet, authenticated, rolloverCounter, tag);
        received.CopyTo(packet[authenticated..]); // the packet is left as it came when the tag does not match
        if (!CryptographicOperations.FixedTimeEquals(tag[.._rtpTagLength], received)) return false;
        _rtpCipher.Transform(ssrc, ((ulong)rolloverCounter << 16) | sequence, packet[headerLength..authenticated]);
        return true;
    }

    public override void ProtectRtp(Span<byte> packet, int headerLength, int plaintextLength, uint ssrc, uint rolloverCounter, ushort sequence)
    {
        _rtpCipher.Transform(ssrc, ((ulong)rolloverCounter << 16) | sequence, packet[headerLength..plaintextLength]);
        Span<byte> tag = stackalloc byte[20];
        RtpTag(packet, plaintextLength, rolloverCounter, tag);
        tag[.._rtpTagLength].CopyTo(packet[plaintextLength..]);
    }

    public override bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        int authenticated = packet.Length - RtcpTag;
        Span<byte> tag = stackalloc byte[20];
        _rtcpHmac.AppendData(packet[..authenticated]);
        _rtcpHmac.GetHashAndReset(tag);
        if (!CryptographicOperations.FixedTimeEquals(tag[..RtcpTag], packet[authenticated..])) return false;
        if (encrypted) _rtcpCipher.Transform(ssrc, index, packet[8..(authenticated - 4)]);
        return true;
    }

    public override void ProtectRtcp(Span<byte> packet, int plaintextLength, uint ssrc, uint index)
    {
        _rtcpCipher.Transform(ssrc, index, packet[8..plaintextLength]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[plaintextLength..], 0x8000_0000u | index);
        Span<byte> tag = stackalloc byte[20];
        _rtcpHmac.AppendData(packet[..(plaintextLength + 4)]);
        _rtcpHmac.GetHashAndReset(tag);
        tag[..RtcpTag].CopyTo(packet[(plaintextLength + 4)..]);
    }

    // HMAC(packet[..authenticated] || ROC). The ROC is written over the first 4 bytes of the tag slot (tags are 4 or
    // 10 bytes) so the hash takes one contiguous span: one native call fewer per packet. Callers restore or overwrite it.
    private void RtpTag(Span<byte> packet, int authenticated, uint rolloverCounter, Span<byte> tag)
    {
        BinaryPrimitives.WriteUInt32BigEndian(packet[authenticated..], rolloverCounter);
        _rtpHmac.AppendData(packet[..(authenticated + 4)]);
        _rtpHmac.GetHashAndReset(tag);
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpHmac.Dispose();
        _rtcpHmac.Dispose();
    }
}
