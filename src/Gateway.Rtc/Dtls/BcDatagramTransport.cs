using Org.BouncyCastle.Tls;

namespace Gateway.Rtc.Dtls;

/// <summary>Presents an <see cref="IDtlsDatagramChannel"/> to BouncyCastle's DTLS protocol classes.</summary>
internal sealed class BcDatagramTransport(IDtlsDatagramChannel channel) : DatagramTransport
{
    public int GetReceiveLimit() => channel.ReceiveLimit;

    public int GetSendLimit() => channel.SendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>
    /// -1 on timeout, never an exception for it. BouncyCastle passes 0 to mean "no deadline" (its Timeout class),
    /// so 0 must wait until data or close, not return at once (which would make its receive loop spin).
    /// </summary>
    public int Receive(Span<byte> buffer, int waitMillis) =>
        channel.Receive(buffer, waitMillis <= 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(waitMillis));

    public void Send(byte[] buf, int off, int len) => channel.Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer) => channel.Send(buffer);

    /// <summary>BouncyCastle calls this after its close_notify or a fatal alert: nothing more will be read or sent.</summary>
    public void Close() => channel.Close();
}
