using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Gateway.Worker.Sources.Rtp;

namespace Gateway.Worker.Tests.Sources;

/// <summary><see cref="UdpReceiveLoop"/> on real loopback sockets: budgets, order, sender, oversized datagrams, disposal.</summary>
public sealed class UdpReceiveLoopTests : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _client = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Channel<InboundDatagram> _queue = Channel.CreateUnbounded<InboundDatagram>();

    public UdpReceiveLoopTests()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    [Fact]
    public void Nothing_waiting_reads_nothing()
    {
        using var loop = new UdpReceiveLoop(_socket, 3, _queue.Writer, TimeProvider.System);
        Assert.Equal(0, loop.Poll(100));
        Assert.Null(loop.LastSenderEndPoint());
    }

    [Fact]
    public void A_poll_reads_at_most_its_budget_and_the_next_poll_the_rest_in_order()
    {
        using var loop = new UdpReceiveLoop(_socket, 3, _queue.Writer, TimeProvider.System);
        for (int i = 0; i < 40; i++) Send(Payload(i, 1200));
        WaitForFirst();

        Assert.Equal(25, loop.Poll(25));                     // more than one batch, cut at the budget
        Assert.Equal(15, loop.Poll(100));
        Assert.Equal(0, loop.Poll(100));
        var read = Drain();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => Payload(i, 1200)), read.Select(d => d.Data));
        Assert.All(read, d => Assert.Equal(3, d.SocketIndex));
        Assert.Equal(40, loop.Datagrams);
        Assert.Equal(_client.LocalEndPoint, loop.LastSenderEndPoint());
    }

    [Fact]
    public void An_oversized_datagram_is_dropped_and_those_around_it_are_kept()
    {
        using var loop = new UdpReceiveLoop(_socket, 0, _queue.Writer, TimeProvider.System);
        Send(Payload(1, 100));
        Send(Payload(2, 3000));                              // over DatagramPool.MaxDatagram (2048)
        Send(Payload(3, 2048));                              // exactly fits
        WaitForFirst();

        Assert.Equal(3, loop.Poll(100));
        Assert.Equal([Payload(1, 100), Payload(3, 2048)], Drain().Select(d => d.Data));
    }

    [Fact]
    public void Polling_after_dispose_reads_nothing_and_does_not_throw()
    {
        var loop = new UdpReceiveLoop(_socket, 0, _queue.Writer, TimeProvider.System);
        Send(Payload(1, 100));
        WaitForFirst();
        loop.Dispose();
        loop.Dispose();
        Assert.Equal(0, loop.Poll(100));
        Assert.Empty(Drain());
    }

    private void Send(byte[] payload) => _client.SendTo(payload, _socket.LocalEndPoint!);

    /// <summary>Loopback delivery completes within SendTo on Linux; this only guards against a slower stack.</summary>
    private void WaitForFirst()
    {
        var deadline = Environment.TickCount64 + 5000;
        while (_socket.Available == 0 && Environment.TickCount64 < deadline) Thread.Sleep(5);
    }

    private List<(byte[] Data, int SocketIndex)> Drain()
    {
        var read = new List<(byte[] Data, int SocketIndex)>();
        while (_queue.Reader.TryRead(out var datagram))
        {
            using (datagram) read.Add((datagram.Span.ToArray(), datagram.SocketIndex));
        }
        return read;
    }

    private static byte[] Payload(int index, int length)
    {
        var payload = new byte[length];
        for (int i = 0; i < length; i++) payload[i] = (byte)(index * 31 + i);
        return payload;
    }

    public void Dispose()
    {
        _socket.Dispose();
        _client.Dispose();
    }
}
