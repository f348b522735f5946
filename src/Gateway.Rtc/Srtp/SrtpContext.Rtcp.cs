using System.Buffers.Binary;

namespace Gateway.Rtc.Srtp;

/// <summary>SRTCP: RTCP compound packets (RFC 3711 §3.4). The first 8 bytes (header and sender SSRC) stay clear.</summary>
public sealed partial class SrtpContext
{
    /// <summary>
    /// Receive side: reads the E flag and 31-bit SRTCP index, rejects replays, verifies the tag and decrypts in
    /// place. On success packet[..plaintextLength] is the RTCP compound packet. Never throws.
    /// </summary>
    public bool UnprotectRtcp(Span<byte> packet, out int plaintextLength, out SrtpError error)
    {
        int trailer = _transform.RtcpTrailerLength;
        if (packet.Length < SrtpPacket.RtcpHeader + trailer) return Fail(SrtpError.TooShort, out plaintextLength, out error);
        if (packet[0] >> 6 != 2) return Fail(SrtpError.BadHeader, out plaintextLength, out error);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        uint word = BinaryPrimitives.ReadUInt32BigEndian(packet[^_transform.RtcpIndexOffsetFromEnd..]);
        bool encrypted = (word & 0x8000_0000u) != 0;
        uint index = word & 0x7FFF_FFFF;
        if (!TryGetStream(ssrc, out var stream, out error)) return Fail(error, out plaintextLength, out error);
        if (stream is not null && stream.Rtcp.IsReplayed(index)) return Fail(SrtpError.Replayed, out plaintextLength, out error);
        if (!_transform.UnprotectRtcp(packet, ssrc, index, encrypted)) return Fail(SrtpError.AuthFailed, out plaintextLength, out error);

        (stream ?? AddStream(ssrc)).Rtcp.Accept(index);
        plaintextLength = packet.Length - trailer;
        error = SrtpError.None;
        return true;
    }

    /// <summary>
    /// Send side: encrypts the RTCP compound packet in buffer[..length] in place and appends E flag, SRTCP index and
    /// tag. The buffer needs <see cref="RtcpOverhead"/> spare bytes. Indices count from 1 per sender SSRC.
    /// </summary>
    public bool ProtectRtcp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error)
    {
        if (!CanProtectRtcp(buffer, length, out uint ssrc, out var stream, out error)) return Fail(error, out protectedLength, out error);
        uint index = stream!.NextRtcpIndex;
        stream.NextRtcpIndex = (index + 1) & 0x7FFF_FFFF; // 2^31 packets: re-keying is DTLS's job, long before this
        return ProtectRtcp(buffer, length, ssrc, index, out protectedLength, out error);
    }

    /// <summary>Protects with an explicit SRTCP index, for the RFC 7714 vectors.</summary>
    internal bool ProtectRtcp(Span<byte> buffer, int length, uint index, out int protectedLength, out SrtpError error)
    {
        if (!CanProtectRtcp(buffer, length, out uint ssrc, out _, out error)) return Fail(error, out protectedLength, out error);
        return ProtectRtcp(buffer, length, ssrc, index, out protectedLength, out error);
    }

    private bool ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index, out int protectedLength, out SrtpError error)
    {
        _transform.ProtectRtcp(buffer[..(length + _transform.RtcpTrailerLength)], length, ssrc, index & 0x7FFF_FFFF);
        protectedLength = length + _transform.RtcpTrailerLength;
        error = SrtpError.None;
        return true;
    }

    private bool CanProtectRtcp(Span<byte> buffer, int length, out uint ssrc, out SrtpStream? stream, out SrtpError error)
    {
        ssrc = 0;
        stream = null;
        if (length < SrtpPacket.RtcpHeader || length > buffer.Length) return FailWith(SrtpError.TooShort, out error);
        if (buffer[0] >> 6 != 2) return FailWith(SrtpError.BadHeader, out error);
        if (buffer.Length - length < _transform.RtcpTrailerLength) return FailWith(SrtpError.BufferTooSmall, out error);
        ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        if (!TryGetStream(ssrc, out stream, out error)) return false;
        stream ??= AddStream(ssrc);
        return true;

        static bool FailWith(SrtpError reason, out SrtpError error)
        {
            error = reason;
            return false;
        }
    }
}
