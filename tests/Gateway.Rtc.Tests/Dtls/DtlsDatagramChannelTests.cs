using Gateway.Rtc.Dtls;

namespace Gateway.Rtc.Tests.Dtls;

public sealed class DtlsDatagramChannelTests
{
    [Fact]
    public void Receive_returns_delivered_datagrams_in_order()
    {
        using var channel = new DtlsDatagramChannel(_ => { });
        Assert.True(channel.TryDeliver([1, 2, 3]));
        Assert.True(channel.TryDeliver([4]));
        var buffer = new byte[16];

        Assert.Equal(3, channel.Receive(buffer, TimeSpan.Zero));
        Assert.Equal(new byte[] { 1, 2, 3 }, buffer[..3]);
        Assert.Equal(1, channel.Receive(buffer, TimeSpan.Zero));
        Assert.Equal(4, buffer[0]);
    }

    [Fact]
    public void Receive_returns_minus_one_on_timeout_instead_of_throwing()
    {
        using var channel = new DtlsDatagramChannel(_ => { });
        Assert.Equal(-1, channel.Receive(new byte[16], TimeSpan.FromMilliseconds(20)));
        Assert.Equal(-1, channel.Receive(new byte[16], TimeSpan.Zero));
    }

    [Fact]
    public void A_full_queue_drops_the_oldest_datagram()
    {
        using var channel = new DtlsDatagramChannel(_ => { }, capacity: 2);
        channel.TryDeliver([1]);
        channel.TryDeliver([2]);
        channel.TryDeliver([3]);
        var buffer = new byte[4];

        Assert.Equal(1, channel.DroppedDatagrams);
        channel.Receive(buffer, TimeSpan.Zero);
        Assert.Equal(2, buffer[0]);
        channel.Receive(buffer, TimeSpan.Zero);
        Assert.Equal(3, buffer[0]);
    }

    [Fact]
    public void Oversized_datagrams_are_refused_and_counted()
    {
        using var channel = new DtlsDatagramChannel(_ => { }, receiveLimit: 300);
        Assert.False(channel.TryDeliver(new byte[301]));
        Assert.Equal(1, channel.DroppedDatagrams);
    }

    [Fact]
    public async Task Close_wakes_a_pending_infinite_receive_with_an_exception()
    {
        using var channel = new DtlsDatagramChannel(_ => { });
        var pending = Task.Factory.StartNew(() => channel.Receive(new byte[16], Timeout.InfiniteTimeSpan), TaskCreationOptions.LongRunning);
        await TestCertificates.WaitUntilAsync(() => pending.Status == TaskStatus.Running, TimeSpan.FromSeconds(5));

        channel.Close();

        await Assert.ThrowsAsync<DtlsChannelClosedException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(channel.TryDeliver([1]));
    }

    [Fact]
    public async Task A_delivery_wakes_a_pending_receive()
    {
        using var channel = new DtlsDatagramChannel(_ => { });
        var buffer = new byte[16];
        var pending = Task.Factory.StartNew(() => channel.Receive(buffer, TimeSpan.FromSeconds(30)), TaskCreationOptions.LongRunning);
        await TestCertificates.WaitUntilAsync(() => pending.Status == TaskStatus.Running, TimeSpan.FromSeconds(5));

        channel.TryDeliver([9, 8]);

        Assert.Equal(2, await pending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(9, buffer[0]);
    }

    [Fact]
    public void Sends_go_to_the_callback_until_closed()
    {
        var sent = new List<byte[]>();
        using var channel = new DtlsDatagramChannel(datagram => sent.Add(datagram.ToArray()));
        channel.Send([5, 6]);
        channel.Close();
        channel.Send([7]);
        Assert.Equal([new byte[] { 5, 6 }], sent);
    }

    [Fact]
    public async Task Zero_wait_from_BouncyCastle_means_no_deadline_not_an_immediate_timeout()
    {
        // BouncyCastle's record layer passes 0 for "no deadline"; an adapter that returned -1 at once would make it spin.
        using var channel = new DtlsDatagramChannel(_ => { });
        var transport = new BcDatagramTransport(channel);
        var buffer = new byte[16];
        var receive = Task.Factory.StartNew(() => transport.Receive(buffer, 0, buffer.Length, 0), TaskCreationOptions.LongRunning);
        // Asserting that nothing happens needs a window: 200 ms in which a zero timeout would have returned -1.
        Assert.NotSame(receive, await Task.WhenAny(receive, Task.Delay(TimeSpan.FromMilliseconds(200))));

        channel.TryDeliver([42]);

        Assert.Equal(1, await receive.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(42, buffer[0]);
        Assert.Equal(-1, transport.Receive(buffer, 0, buffer.Length, 10));
    }

    [Fact]
    public void Server_transport_withholds_a_ChangeCipherSpec_that_overtakes_the_CertificateVerify()
    {
        using var channel = new DtlsDatagramChannel(_ => { });
        var transport = new BcDatagramTransport(channel, holdChangeCipherSpecUntilCertificateVerify: true);
        var ccs = Convert.FromHexString("14FEFD0000000000000007000101");
        var finished = Convert.FromHexString("16FEFD0001000000000000000400010203");
        // CertificateVerify: type 15, length 2, message_seq 4, fragment 0+2, body AABB.
        var certificateVerify = Convert.FromHexString("16FEFD000000000000000600" + "0E" + "0F" + "000002" + "0004" + "000000" + "000002" + "AABB");
        var buffer = new byte[256];

        channel.TryDeliver([.. ccs, .. finished]);                // CCS first: cut out, Finished stays
        Assert.Equal(finished.Length, transport.Receive(buffer, 0, buffer.Length, 10));
        Assert.Equal(finished, buffer[..finished.Length]);
        Assert.Equal(1, transport.WithheldChangeCipherSpecs);

        channel.TryDeliver([.. certificateVerify, .. ccs]);      // in order within one datagram: both pass
        Assert.Equal(certificateVerify.Length + ccs.Length, transport.Receive(buffer, 0, buffer.Length, 10));
        channel.TryDeliver(ccs);                                  // and after it, a lone CCS passes too
        Assert.Equal(ccs.Length, transport.Receive(buffer, 0, buffer.Length, 10));
        Assert.Equal(1, transport.WithheldChangeCipherSpecs);
    }

    [Fact]
    public void Client_transport_passes_ChangeCipherSpec_untouched()
    {
        using var channel = new DtlsDatagramChannel(_ => { });
        var transport = new BcDatagramTransport(channel);
        var ccs = Convert.FromHexString("14FEFD0000000000000007000101");
        channel.TryDeliver(ccs);
        Assert.Equal(ccs.Length, transport.Receive(new byte[64], 0, 64, 10));
    }
}
