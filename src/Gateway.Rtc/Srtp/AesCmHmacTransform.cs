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

    public AesCmHmacTransform(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int rtpTagLength)
    {
        _rtpTagLength = rtpTagLength;
        Span<byte> key = stackalloc byte[16];
        Span<byte> salt = stackalloc byte[14];
        Span<byte> auth = stackalloc byte[20];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryption, key);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSalt, salt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthentication, auth);
        _rtpCipher = new AesCmCipher(key, salt);
        _rtpHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, auth);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpEncryption, key);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpSalt, salt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpAuthentication, auth);
        _rtcpCipher = new AesCmCipher(key, salt);
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
        Span<byte> tag = stackalloc byte[20];
        RtpTag(packet[..authenticated], rolloverCounter, tag);
        if (!CryptographicOperations.FixedTimeEquals(tag[.._rtpTagLength], packet[authenticated..])) return false;
        _rtpCipher.Transform(ssrc, ((ulong)rolloverCounter << 16) | sequence, packet[headerLength..authenticated]);
        return true;
    }

    public override void ProtectRtp(Span<byte> packet, int headerLength, int plaintextLength, uint ssrc, uint rolloverCounter, ushort sequence)
    {
        _rtpCipher.Transform(ssrc, ((ulong)rolloverCounter << 16) | sequence, packet[headerLength..plaintextLength]);
        Span<byte> tag = stackalloc byte[20];
        RtpTag(packet[..plaintextLength], rolloverCounter, tag);
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

    private void RtpTag(ReadOnlySpan<byte> authenticated, uint rolloverCounter, Span<byte> tag)
    {
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
        _rtpHmac.AppendData(authenticated);
        _rtpHmac.AppendData(roc);
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
