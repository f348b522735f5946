namespace Gateway.Rtc.Dtls;

/// <summary>
/// Thrown by <see cref="IDtlsDatagramChannel.Receive"/> after the channel closed. An <see cref="IOException"/> so that
/// BouncyCastle's record layer treats it like a closed socket and abandons the handshake.
/// </summary>
public sealed class DtlsChannelClosedException : IOException
{
    public DtlsChannelClosedException() : base("The DTLS datagram channel is closed.")
    {
    }

    public DtlsChannelClosedException(string message) : base(message)
    {
    }

    public DtlsChannelClosedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
