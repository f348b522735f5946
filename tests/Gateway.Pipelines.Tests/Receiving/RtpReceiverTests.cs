using Gateway.Pipelines.Receiving;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Pipelines.Tests.Receiving;

public sealed class RtpReceiverTests
{
    private readonly CountingPool _pool = new();
    private readonly FakeTimeProvider _time = new();

    private RtpReceiver Create(int clockRate = 8000, int minSequential = 1) =>
        new(clockRate, new RtpReceiverOptions { MinSequential = minSequential, JitterBuffer = new JitterBufferOptions { Pool = _pool } }, _time);

    private ReceiveResult Send(RtpReceiver receiver, ushort sequence, uint timestamp = 0, uint ssrc = 0x1234, int payloadSize = 100)
    {
        var (header, buffer, length, payload) = TestPackets.Rtp(_pool, sequence, timestamp, ssrc, payloadSize);
        var result = receiver.Receive(header, buffer, length, payload, _time.GetTimestamp());
        while (receiver.TryDequeue(out var packet)) packet.Dispose();
        return result;
    }

    // RFC 3550 §A.3, worked by hand: expected = extended max - base + 1, lost = expected - received,
    // fraction = (lost in interval << 8) / expected in interval, 0 when not positive.
    [Theory]
    [InlineData(new ushort[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 10, 0, 0, 10u)]
    [InlineData(new ushort[] { 1, 2, 3, 5, 6, 7, 8, 9, 10 }, 10, 1, 25, 10u)]          // 256 / 10
    [InlineData(new ushort[] { 1, 2, 2, 3, 4 }, 4, -1, 0, 4u)]                           // a duplicate counts as received
    [InlineData(new ushort[] { 65534, 65535, 0, 2 }, 5, 1, 51, 0x10002u)]               // across the wrap: 256 / 5
    [InlineData(new ushort[] { 1, 3, 2, 4 }, 4, 0, 0, 4u)]                               // reordered, nothing lost
    [InlineData(new ushort[] { 1, 5, 9, 13 }, 13, 9, 177, 13u)]                          // 9 * 256 / 13
    public void Loss_and_fraction_lost_follow_A3(ushort[] arrivals, long expected, int cumulativeLost, byte fraction, uint extendedHighest)
    {
        using var receiver = Create();
        foreach (var s in arrivals) Send(receiver, s);
        Assert.True(receiver.TryCreateReceptionReport(out var report));
        Assert.Equal((fraction, cumulativeLost, extendedHighest), (report.FractionLost, report.CumulativeLost, report.ExtendedHighestSequenceNumber));
        var stats = receiver.GetStats();
        Assert.Equal(expected, stats.PacketsReceived + stats.PacketsLost);
        Assert.Equal(cumulativeLost, stats.PacketsLost);
    }

    [Fact]
    public void Fraction_lost_covers_only_the_interval_since_the_previous_report()
    {
        using var receiver = Create();
        for (ushort s = 1; s <= 10; s++) if (s != 4) Send(receiver, s);
        Assert.True(receiver.TryCreateReceptionReport(out var first));
        for (ushort s = 11; s <= 20; s++) if (s is not (12 or 13)) Send(receiver, s);
        Assert.True(receiver.TryCreateReceptionReport(out var second));
        Assert.Equal((25, 1), (first.FractionLost, first.CumulativeLost));
        Assert.Equal((51, 3), (second.FractionLost, second.CumulativeLost)); // 2 * 256 / 10
    }

    // RFC 3550 §A.8 by hand, 8 kHz clock, 20 ms packets, timestamps crossing 0xFFFFFFFF:
    // transit = arrival - timestamp, J += (|D| - J) / 16.
    public static TheoryData<int[], double[]> JitterTable => new()
    {
        {
            new[] { 0, 20, 50, 60, 80, 110 },
            new[] { 0, 0, 5, 9.6875, 9.08203125, 13.514404296875 }
        },
        {
            new[] { 0, 20, 40, 60 },
            new[] { 0d, 0, 0, 0 }
        },
        {
            new[] { 0, 10, 40, 60 },                       // D = 80, 80, 0 (in 1/8 ms units)
            new[] { 0, 5, 9.6875, 9.08203125 }
        },
    };

    [Theory]
    [MemberData(nameof(JitterTable))]
    public void Jitter_follows_A8(int[] arrivalsMs, double[] expectedJitter)
    {
        using var receiver = Create(clockRate: 8000);
        var start = _time.GetUtcNow();
        uint timestamp = 0xFFFFFF00;
        for (var i = 0; i < arrivalsMs.Length; i++)
        {
            _time.SetUtcNow(start + TimeSpan.FromMilliseconds(arrivalsMs[i]));
            Send(receiver, (ushort)(100 + i), timestamp);
            timestamp += 160;
            Assert.Equal(expectedJitter[i] / 8, receiver.GetStats().JitterMilliseconds, 9);
        }
        Assert.True(receiver.TryCreateReceptionReport(out var report));
        Assert.Equal((uint)expectedJitter[^1], report.Jitter);
    }

    [Fact]
    public void Probation_holds_a_new_source_until_it_sends_in_sequence_then_releases_both_packets()
    {
        using var receiver = Create(minSequential: 2);
        var (header, buffer, length, payload) = TestPackets.Rtp(_pool, 500);
        Assert.Equal(ReceiveResult.Probation, receiver.Receive(header, buffer, length, payload, _time.GetTimestamp()));
        Assert.False(receiver.TryCreateReceptionReport(out _));
        Assert.False(receiver.TryDequeue(out _));              // held until the source proves itself
        Assert.Null(receiver.Ssrc);
        var next = TestPackets.Rtp(_pool, 501);
        Assert.Equal(ReceiveResult.Accepted, receiver.Receive(next.Header, next.Buffer, next.Length, next.Payload, _time.GetTimestamp()));
        Assert.True(receiver.TryDequeue(out var first));
        Assert.Equal(500, first.Header.SequenceNumber);
        first.Dispose();
        Assert.True(receiver.TryDequeue(out var second));
        Assert.Equal(501, second.Header.SequenceNumber);
        second.Dispose();
        Assert.Equal(1, receiver.GetStats().PacketsReceived); // §A.1: counting starts at the packet that validates
    }

    [Fact]
    public void Single_packets_with_random_SSRCs_never_lock_out_a_sender_that_counts_up()
    {
        using var receiver = Create(minSequential: 2);
        var random = new Random(3);
        for (ushort sequence = 100; sequence < 140; sequence++)
        {
            // Three stray packets, each from its own SSRC with a random sequence number, before every real one.
            for (var i = 0; i < 3; i++)
            {
                var (h, b, l, p) = TestPackets.Rtp(_pool, (ushort)random.Next(65536));
                receiver.Receive(h with { Ssrc = (uint)random.Next() }, b, l, p, _time.GetTimestamp());
            }
            var (header, buffer, length, payload) = TestPackets.Rtp(_pool, sequence);
            receiver.Receive(header, buffer, length, payload, _time.GetTimestamp());
        }
        Assert.Equal(TestPackets.Rtp(_pool, 0).Header.Ssrc, receiver.Ssrc);
        var released = new List<ushort>();
        while (receiver.TryDequeue(out var packet))
        {
            released.Add(packet.Header.SequenceNumber);
            packet.Dispose();
        }
        Assert.Equal(Enumerable.Range(100, 40).Select(i => (ushort)i), released);
        receiver.Dispose();
        Assert.True(_pool.Outstanding <= 1, $"{_pool.Outstanding} buffers not returned"); // the probe packet above
    }

    [Fact]
    public void Duplicates_and_reordering_are_counted()
    {
        using var receiver = Create();
        Send(receiver, 1);
        Send(receiver, 3);
        Assert.Equal(ReceiveResult.Accepted, Send(receiver, 2));
        Assert.Equal(ReceiveResult.Duplicate, Send(receiver, 2));
        var stats = receiver.GetStats();
        Assert.Equal((1L, 1L, 4L), (stats.Reordered, stats.Duplicates, stats.PacketsReceived));
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Another_ssrc_is_ignored_while_the_current_one_is_active_and_followed_after_silence()
    {
        using var receiver = Create();
        var changes = new List<SsrcChange>();
        receiver.SsrcChanged += changes.Add;
        Send(receiver, 10, ssrc: 1);
        Send(receiver, 11, ssrc: 1);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(ReceiveResult.ForeignSsrc, Send(receiver, 9000, ssrc: 2));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(ReceiveResult.SsrcChanged, Send(receiver, 9001, ssrc: 2));
        Send(receiver, 9002, ssrc: 2);
        Assert.Equal(new SsrcChange(1, 2, false), Assert.Single(changes));
        var stats = receiver.GetStats();
        Assert.Equal(((uint?)2, 4L, 1L, 1), (stats.Ssrc, stats.PacketsReceived, stats.ForeignSsrcDropped, stats.SsrcChanges));
        Assert.True(receiver.TryCreateReceptionReport(out var report));
        Assert.Equal((2u, 9002u), (report.Ssrc, report.ExtendedHighestSequenceNumber));
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void After_bye_the_next_ssrc_takes_over_at_once_and_the_jitter_buffer_resets()
    {
        using var receiver = Create();
        var changes = new List<SsrcChange>();
        receiver.SsrcChanged += changes.Add;
        Send(receiver, 10, ssrc: 1);
        Send(receiver, 12, ssrc: 1); // 11 missing: held
        receiver.OnBye(1);
        var (header, buffer, length, payload) = TestPackets.Rtp(_pool, 7, ssrc: 2);
        Assert.Equal(ReceiveResult.SsrcChanged, receiver.Receive(header, buffer, length, payload, _time.GetTimestamp()));
        Assert.True(receiver.TryDequeue(out var marker));
        Assert.Equal(ReleasedPacketKind.Reset, marker.Kind);
        Assert.True(receiver.TryDequeue(out var packet));
        Assert.Equal((7, 2u), (packet.Header.SequenceNumber, packet.Header.Ssrc));
        packet.Dispose();
        Assert.Equal(new SsrcChange(1, 2, true), Assert.Single(changes));
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void A_sequence_restart_is_confirmed_by_two_packets_in_order()
    {
        using var receiver = Create();
        for (ushort s = 100; s < 110; s++) Send(receiver, s);
        Assert.Equal(ReceiveResult.BadSequence, Send(receiver, 30000));
        Assert.Equal(ReceiveResult.Restarted, Send(receiver, 30001));
        Send(receiver, 30002);
        var stats = receiver.GetStats();
        Assert.Equal((12L, 0L), (stats.PacketsReceived, stats.PacketsLost));
        Assert.True(receiver.TryCreateReceptionReport(out var report));
        Assert.Equal(30002u, report.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void Report_carries_lsr_and_dlsr_of_the_last_sender_report()
    {
        using var receiver = Create();
        Send(receiver, 1);
        receiver.OnSenderReport(new SenderReportInfo(0x1234, 0xAAAA_BBBB_CCCC_DDDDUL, 0, _time.GetTimestamp()));
        receiver.OnSenderReport(new SenderReportInfo(0x9999, 0x1111_2222_3333_4444UL, 0, _time.GetTimestamp())); // not ours
        _time.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.True(receiver.TryCreateReceptionReport(out var report));
        Assert.Equal(0xBBBB_CCCCu, report.LastSenderReport);
        Assert.Equal((uint)(1.5 * 65536), report.DelaySinceLastSenderReport);
    }

    [Fact]
    public void Bitrate_counts_datagram_bytes_over_the_window()
    {
        using var receiver = Create();
        for (var i = 0; i < 50; i++)
        {
            Send(receiver, (ushort)i, payloadSize: 988); // 1000-byte datagrams every 20 ms: 400 kbit/s
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }
        Assert.InRange(receiver.GetStats().BitrateKbps, 390, 410);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, receiver.GetStats().BitrateKbps);
    }
}
