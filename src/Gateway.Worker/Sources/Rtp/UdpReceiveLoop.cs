using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Gateway.Worker.Sources.Rtp;

/// <summary>
/// Reads one socket into the capture's bounded queue. The queue drops the oldest datagram when full (live media: the
/// newest packet wins) and the loop never blocks on the stage behind it. The last sender address is kept, so RTCP
/// receiver reports can go back to it.
/// </summary>
public sealed class UdpReceiveLoop(Socket socket, int socketIndex, ChannelWriter<InboundDatagram> queue, TimeProvider time)
{
    /// <summary>Largest datagram kept: a UDP payload on a 1500-byte MTU path, with room for jumbo senders.</summary>
    private const int MaxDatagram = 2048;

    private readonly SocketAddress _from = new(socket.AddressFamily);
    private SocketAddress? _lastSender;

    public long Datagrams { get; private set; }

    /// <summary>The address the most recent datagram came from, or null before the first one.</summary>
    public SocketAddress? LastSender => Volatile.Read(ref _lastSender);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
            var handedOver = false;
            try
            {
                int length;
                try
                {
                    length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, _from, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
                {
                    // ICMP port unreachable from an earlier RTCP send (facts.md): not a reason to stop receiving.
                    continue;
                }
                handedOver = Hand(buffer, length);
                // A burst (a key frame is ~100 packets) is read without going back through the async machinery.
                while (socket.Available > 0)
                {
                    var next = ArrayPool<byte>.Shared.Rent(MaxDatagram);
                    int read;
                    try
                    {
                        read = socket.ReceiveFrom(next, SocketFlags.None, _from);
                    }
                    catch (SocketException)
                    {
                        ArrayPool<byte>.Shared.Return(next);
                        break;                      // ICMP errors and the like: the async receive handles them
                    }
                    if (!Hand(next, read)) ArrayPool<byte>.Shared.Return(next);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            finally
            {
                if (!handedOver) ArrayPool<byte>.Shared.Return(buffer);
            }
        }
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
