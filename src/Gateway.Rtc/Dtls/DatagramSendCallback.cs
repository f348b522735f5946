namespace Gateway.Rtc.Dtls;

/// <summary>Writes one datagram to the peer, e.g. <c>socket.SendTo(datagram, remote)</c> on the shared UDP socket.</summary>
public delegate void DatagramSendCallback(ReadOnlySpan<byte> datagram);
