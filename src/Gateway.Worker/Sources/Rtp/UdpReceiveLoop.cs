using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Gateway.Rtc.Transport;

namespace Gateway.Worker.Sources.Rtp;

/// <summary>
/// Reads one socket into the capture's bounded queue, polled by the capture's tick. The queue drops the oldest datagram
/// when full (live media: the newest packet wins), so reading never blocks on the stage behind it. The last sender address is kept, so RTCP
/// receiver reports can go back to it.
/// </summary>
public sealed class UdpReceiveLoop(Socket socket, int socketIndex, ChannelWriter<InboundDatagram> queue, TimeProvider time)
{
    private readonly SocketAddress _from = new(socket.AddressFamily);
    private SocketAddress? _lastSender;

    public long Datagrams { get; private set; }

    /// <summary>The address the most recent datagram came from, or null before the first one.</summary>
    public SocketAddress? LastSender => Volatile.Read(ref _lastSender);

    /// <summary>
    /// Reads whatever the socket holds now, without waiting, into the queue (the capture's tick calls this). Polling
    /// from the tick replaced the receive task: it woke a pool thread for every burst of packets (a video frame, an
    /// audio packet), about 80 times a second per stream, where the tick wakes once per 20 ms for every capture.
    /// </summary>
    /// <param name="budget">Reads at most this many, so a late tick never reads more than the queue holds: the rest
    /// waits in the socket's buffer until the caller has drained the queue and polls again.</param>
    /// <returns>Datagrams read.</returns>
    public int Poll(int budget)
    {
        var read = 0;
        try
        {
            while (read < budget && socket.Available > 0)
            {
                var buffer = DatagramPool.Rent();
                int length;
                try
                {
                    length = socket.ReceiveFrom(buffer, SocketFlags.None, _from);
                }
                catch (SocketException)
                {
                    // ICMP port unreachable from an earlier RTCP send (facts.md) and the like: the next tick reads on.
                    DatagramPool.Shared.Return(buffer);
                    break;
                }
                read++;
                if (!Hand(buffer, length)) DatagramPool.Shared.Return(buffer);
            }
        }
        catch (ObjectDisposedException)
        {
            // the capture is being disposed
        }
        return read;
    }

    private bool Hand(byte[] buffer, int length)
    {
        Datagrams++;
        if (_lastSender is null || !_lastSender.Equals(_from))
        {
            var copy = new SocketAddress(_from.Family, _from.Size);
            _from.Buffer.Span[.._from.Size].CopyTo(copy.Buffer.Span);
            Volatile.Write(ref _lastSender, copy);
        }
        return queue.TryWrite(new InboundDatagram(buffer, length, socketIndex, time.GetTimestamp()));
    }

    /// <summary>The last sender as an endpoint (allocates; for reports once a second, not per packet).</summary>
    public IPEndPoint? LastSenderEndPoint()
    {
        var address = LastSender;
        if (address is null) return null;
        var template = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        return (IPEndPoint)template.Create(address);
    }
}
