using Org.BouncyCastle.Tls;

namespace Gateway.Rtc.Dtls;

/// <summary>Presents an <see cref="IDtlsDatagramChannel"/> to BouncyCastle's DTLS protocol classes.</summary>
/// <param name="channel">The datagram path.</param>
/// <param name="holdChangeCipherSpecUntilCertificateVerify">
/// Server role: drop the client's ChangeCipherSpec until its CertificateVerify has arrived. BouncyCastle switches the
/// read epoch as soon as a ChangeCipherSpec arrives once the ClientKeyExchange is in; if the CertificateVerify datagram
/// was lost, its retransmission is then in the old epoch and discarded, and the handshake stalls until the timeout.
/// Dropping the early ChangeCipherSpec is harmless (it is what loss would do): the client retransmits the whole flight
/// (RFC 6347 §4.2.4), CertificateVerify first. We always require a client certificate, so CertificateVerify always comes.
/// </param>
internal sealed class BcDatagramTransport(IDtlsDatagramChannel channel, bool holdChangeCipherSpecUntilCertificateVerify = false)
    : DatagramTransport
{
    private const byte CertificateVerify = 15;   // RFC 5246 §7.4 HandshakeType
    private const int HandshakeHeaderLength = 12; // RFC 6347 §4.2.2: type, length, message_seq, fragment_offset, fragment_length

    private bool _certificateVerifySeen;

    /// <summary>ChangeCipherSpec records dropped because they overtook the CertificateVerify.</summary>
    public int WithheldChangeCipherSpecs { get; private set; }

    public int GetReceiveLimit() => channel.ReceiveLimit;

    public int GetSendLimit() => channel.SendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>
    /// -1 on timeout, never an exception for it. BouncyCastle passes 0 to mean "no deadline" (its Timeout class),
    /// so 0 must wait until data or close, not return at once (which would make its receive loop spin).
    /// </summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        int received = channel.Receive(buffer, waitMillis <= 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(waitMillis));
        if (received <= 0 || !holdChangeCipherSpecUntilCertificateVerify || _certificateVerifySeen) return received;
        return WithholdEarlyChangeCipherSpec(buffer[..received]);
    }

    public void Send(byte[] buf, int off, int len) => channel.Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer) => channel.Send(buffer);

    /// <summary>BouncyCastle calls this after its close_notify or a fatal alert: nothing more will be read or sent.</summary>
    public void Close() => channel.Close();

    /// <summary>Walks the datagram's records in order, cutting out a ChangeCipherSpec seen before a whole CertificateVerify.</summary>
    private int WithholdEarlyChangeCipherSpec(Span<byte> datagram)
    {
        int length = datagram.Length, offset = 0;
        while (offset < length)
        {
            var rest = datagram[offset..length];
            if (!DtlsRecord.TryParseHeader(rest, out var type, out _, out var epoch, out _, out var fragmentLength, out _))
                break;   // malformed: BouncyCastle discards it
            int recordLength = DtlsRecord.HeaderLength + fragmentLength;
            if (epoch == 0 && type == DtlsContentType.Handshake && fragmentLength >= HandshakeHeaderLength)
            {
                var message = rest.Slice(DtlsRecord.HeaderLength, fragmentLength);
                int total = message[1] << 16 | message[2] << 8 | message[3];
                int end = (message[6] << 16 | message[7] << 8 | message[8]) + (message[9] << 16 | message[10] << 8 | message[11]);
                if (message[0] == CertificateVerify && end == total) _certificateVerifySeen = true;
            }
            else if (epoch == 0 && type == DtlsContentType.ChangeCipherSpec && !_certificateVerifySeen)
            {
                datagram[(offset + recordLength)..length].CopyTo(datagram[offset..]);
                length -= recordLength;
                WithheldChangeCipherSpecs++;
                continue;
            }
            offset += recordLength;
        }
        return length;
    }
}
