using System.Net;
using System.Net.Sockets;
using Gateway.Rtc.Transport;

namespace Gateway.Rtc.Tests.Transport;

/// <summary><see cref="UdpBatchReceiver"/> on real loopback sockets: contents, order, senders, truncation, and never blocking.</summary>
public sealed class UdpBatchReceiverTests
{
    [Fact]
    public void Nothing_waiting_returns_zero_at_once()
    {
        using var socket = Bound(IPAddress.Loopback);
        using var batch = new UdpBatchReceiver(socket, 8, 1500);
        var started = Environment.TickCount64;
        Assert.Equal(0, batch.Receive(out var error));
        Assert.Equal(0, error);
        Assert.InRange(Environment.TickCount64 - started, 0, 1000);   // socket.ReceiveTimeout is 5 s: it did not block
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_datagram_arrives_in_order_with_its_sender_across_batches(bool dualMode)
    {
        using var socket = Bound(dualMode ? IPAddress.IPv6Any : IPAddress.Loopback);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)socket.LocalEndPoint!).Port);
        for (int i = 0; i < 100; i++) client.SendTo(Payload(i), target);

        using var batch = new UdpBatchReceiver(socket, 16, 1500);
        var from = new SocketAddress(socket.AddressFamily);
        var received = new List<byte[]>();
        var batches = 0;
        var deadline = Environment.TickCount64 + 5000;
        while (received.Count < 100 && Environment.TickCount64 < deadline)
        {
            int count = batch.Receive(out var error);
            Assert.True(count >= 0, $"errno {error}");
            if (count > 0) batches++;
            for (int i = 0; i < count; i++)
            {
                Assert.False(batch.IsTruncated(i));
                received.Add(batch.Datagram(i).ToArray());
                batch.CopySender(i, from);
                var sender = (IPEndPoint)target.Create(from);
                var address = sender.Address.IsIPv4MappedToIPv6 ? sender.Address.MapToIPv4() : sender.Address;
                Assert.Equal(client.LocalEndPoint, new IPEndPoint(address, sender.Port));
            }
        }
        Assert.Equal(Enumerable.Range(0, 100).Select(Payload), received);
        Assert.InRange(batches, 7, 100);                              // 16 at most per call
    }

    [Fact]
    public void A_datagram_larger_than_its_buffer_is_marked_truncated()
    {
        using var socket = Bound(IPAddress.Loopback);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.SendTo(new byte[100], socket.LocalEndPoint!);
        client.SendTo(new byte[10], socket.LocalEndPoint!);
        using var batch = new UdpBatchReceiver(socket, 4, 16);
        var count = 0;
        for (var deadline = Environment.TickCount64 + 5000; count < 2 && Environment.TickCount64 < deadline;)
        {
            count = batch.Receive(out _) is var n and > 0 ? count + n : count;
            if (count == 1) Assert.True(batch.IsTruncated(0));
        }
        Assert.Equal(2, count);
    }

    [Fact]
    public void A_receive_takes_no_more_than_it_is_asked_for()
    {
        using var socket = Bound(IPAddress.Loopback);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        for (int i = 0; i < 10; i++) client.SendTo(Payload(i), socket.LocalEndPoint!);

        using var batch = new UdpBatchReceiver(socket, 8, 1500);
        Assert.Equal(3, batch.Receive(3, out _));
        Assert.Equal(Payload(2), batch.Datagram(2).ToArray());
        Assert.Equal(7, batch.Receive(100, out _));                    // what is left; never more than the capacity of 8
        Assert.Equal(Payload(9), batch.Datagram(6).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Receive(0, out _));
    }

    private static byte[] Payload(int i) => [.. Enumerable.Range(0, 20 + i).Select(b => (byte)(b ^ i))];

    private static Socket Bound(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        if (address.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = true;
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }
}
