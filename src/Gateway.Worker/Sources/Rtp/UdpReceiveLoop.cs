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
public sealed class UdpReceiveLoop : IDisposable
{
    /// <summary>Datagrams per <c>recvmmsg</c> call: a tick's worth of a 2.5 Mbit/s video track in one system call.</summary>
    private const int BatchSize = 16;

    private readonly Socket _socket;
    private readonly int _socketIndex;
    private readonly ChannelWriter<InboundDatagram> _queue;
    private readonly TimeProvider _time;
    private readonly SocketAddress _from;
    // Where recvmmsg exists (64-bit Linux), one call takes a batch; elsewhere a FIONREAD check and a receive per datagram.
    private readonly UdpBatchReceiver? _batch;
    // Poll (the capture's tick) and Dispose (the capture's end) may race; the batch's native buffers must outlive a read.
    private readonly Lock _gate = new();
    private SocketAddress? _lastSender;
    private bool _disposed;

    public UdpReceiveLoop(Socket socket, int socketIndex, ChannelWriter<InboundDatagram> queue, TimeProvider time)
    {
        (_socket, _socketIndex, _queue, _time) = (socket, socketIndex, queue, time);
        _from = new SocketAddress(socket.AddressFamily);
        _batch = UdpBatchReceiver.IsSupported ? new UdpBatchReceiver(socket, BatchSize, DatagramPool.MaxDatagram) : null;
    }

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
        lock (_gate)
        {
            if (_disposed) return 0;
            try
            {
                return _batch is null ? PollEach(budget) : PollBatches(_batch, budget);
            }
            catch (ObjectDisposedException)
            {
                return 0;                                    // the capture is being disposed
            }
        }
    }

    private int PollBatches(UdpBatchReceiver batch, int budget)
    {
        var read = 0;
        while (read < budget)
        {
            int wanted = Math.Min(budget - read, batch.Capacity);
            // 0: nothing waiting. -1: an error such as ICMP port unreachable from an earlier RTCP send (facts.md),
            // which the kernel reports once; the next tick reads on.
            int count = batch.Receive(wanted, out _);
            if (count <= 0) break;
            read += count;
            for (int i = 0; i < count; i++)
            {
                Datagrams++;
                if (batch.IsTruncated(i))
                {
                    RtpCaptureSource.InvalidPackets.Add(1);  // over MaxDatagram: no RTP or RTCP we take
                    continue;
                }
                var data = batch.Datagram(i);
                var buffer = DatagramPool.Rent();
                data.CopyTo(buffer);
                batch.CopySender(i, _from);
                if (!Hand(buffer, data.Length)) DatagramPool.Shared.Return(buffer);
            }
            if (count < wanted) break;                       // the socket is drained
        }
        return read;
    }

    private int PollEach(int budget)
    {
        var read = 0;
        while (read < budget && _socket.Available > 0)
        {
            var buffer = DatagramPool.Rent();
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, _from);
            }
            catch (SocketException)
            {
                DatagramPool.Shared.Return(buffer);          // as above: the next tick reads on
                break;
            }
            read++;
            Datagrams++;
            if (!Hand(buffer, length)) DatagramPool.Shared.Return(buffer);
        }
        return read;
    }

    private bool Hand(byte[] buffer, int length)
    {
        if (_lastSender is null || !_lastSender.Equals(_from))
        {
            var copy = new SocketAddress(_from.Family, _from.Size);
            _from.Buffer.Span[.._from.Size].CopyTo(copy.Buffer.Span);
            Volatile.Write(ref _lastSender, copy);
        }
        return _queue.TryWrite(new InboundDatagram(buffer, length, _socketIndex, _time.GetTimestamp()));
    }

    /// <summary>The last sender as an endpoint (allocates; for reports once a second, not per packet).</summary>
    public IPEndPoint? LastSenderEndPoint()
    {
        var address = LastSender;
        if (address is null) return null;
        var template = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        return (IPEndPoint)template.Create(address);
    }

    /// <summary>Frees the batch buffers (the socket is the capture's to close).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _batch?.Dispose();
        }
    }
}
