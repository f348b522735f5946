namespace Gateway.Rtc.Dtls;

/// <summary>
/// The datagram path under one DTLS session. The gateway owns the UDP socket and demultiplexes it (RFC 7983), so the
/// session does not read a socket: it sends through the owner and receives what the owner hands it.
/// </summary>
public interface IDtlsDatagramChannel
{
    /// <summary>Largest datagram the session may send (the path MTU budget for handshake fragments).</summary>
    int SendLimit { get; }

    /// <summary>Largest datagram the session can receive.</summary>
    int ReceiveLimit { get; }

    bool IsClosed { get; }

    /// <summary>Sends one datagram to the peer. After <see cref="Close"/> the datagram is dropped.</summary>
    void Send(ReadOnlySpan<byte> datagram);

    /// <summary>
    /// Copies the next received datagram into <paramref name="destination"/> (truncating, as UDP does) and returns its
    /// length, or -1 when <paramref name="timeout"/> passes first (<see cref="Timeout.InfiniteTimeSpan"/> waits until
    /// data or close). Throws <see cref="DtlsChannelClosedException"/> once closed, also to a caller already waiting.
    /// </summary>
    int Receive(Span<byte> destination, TimeSpan timeout);

    /// <summary>Closes both directions and wakes a pending <see cref="Receive"/>. Idempotent.</summary>
    void Close();
}
