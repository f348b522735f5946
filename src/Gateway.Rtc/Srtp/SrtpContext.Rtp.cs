using System.Buffers.Binary;

namespace Gateway.Rtc.Srtp;

/// <summary>SRTP: RTP packets (RFC 3711 §3.1, §3.3).</summary>
public sealed partial class SrtpContext
{
    private static readonly ReplayWindow EmptyWindow = new();

    /// <summary>
    /// Receive side: estimates the packet index, rejects replays, verifies the tag, then decrypts the payload in
    /// place. On success packet[..plaintextLength] is the RTP packet. Never throws; on failure the buffer's content is
    /// unspecified (GCM clears it) and the reason says why.
    /// </summary>
    public bool UnprotectRtp(Span<byte> packet, out int plaintextLength, out SrtpError error)
    {
        int tag = _transform.RtpTagLength;
        if (packet.Length < SrtpPacket.RtpFixedHeader + tag) return Fail(SrtpError.TooShort, out plaintextLength, out error);
        if (!SrtpPacket.TryGetRtpHeaderLength(packet, packet.Length - tag, out int headerLength))
            return Fail(SrtpError.BadHeader, out plaintextLength, out error);
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        if (!TryGetStream(ssrc, out var stream, out error)) return Fail(error, out plaintextLength, out error);

        long index = SrtpStream.EstimateIndex(stream is null ? EmptyWindow : stream.Rtp, sequence);
        if (stream is null ? index < 0 : stream.Rtp.IsReplayed(index)) return Fail(SrtpError.Replayed, out plaintextLength, out error);
        if (!_transform.UnprotectRtp(packet, headerLength, ssrc, (uint)(index >> 16), sequence))
            return Fail(SrtpError.AuthFailed, out plaintextLength, out error);

        (stream ?? AddStream(ssrc)).Rtp.Accept(index); // RFC 3711 §3.3: update ROC, s_l and the window only now
        plaintextLength = packet.Length - tag;
        error = SrtpError.None;
        return true;
    }

    /// <summary>
    /// Send side: encrypts the RTP packet in buffer[..length] in place and appends the tag. The buffer needs
    /// <see cref="RtpOverhead"/> spare bytes. The rollover counter follows the sequence numbers as they wrap.
    /// </summary>
    public bool ProtectRtp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error)
    {
        if (length < SrtpPacket.RtpFixedHeader || length > buffer.Length) return Fail(SrtpError.TooShort, out protectedLength, out error);
        if (!SrtpPacket.TryGetRtpHeaderLength(buffer, length, out int headerLength))
            return Fail(SrtpError.BadHeader, out protectedLength, out error);
        int tag = _transform.RtpTagLength;
        if (buffer.Length - length < tag) return Fail(SrtpError.BufferTooSmall, out protectedLength, out error);
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        if (!TryGetStream(ssrc, out var stream, out error)) return Fail(error, out protectedLength, out error);
        stream ??= AddStream(ssrc);

        long index = SrtpStream.EstimateIndex(stream.Rtp, sequence);
        if (index < 0) return Fail(SrtpError.Replayed, out protectedLength, out error);
        _transform.ProtectRtp(buffer[..(length + tag)], headerLength, length, ssrc, (uint)(index >> 16), sequence);
        stream.Rtp.Accept(index);
        protectedLength = length + tag;
        error = SrtpError.None;
        return true;
    }
}
