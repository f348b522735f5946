using Gateway.Pipelines.Receiving;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Pipelines.Tests.Receiving;

public sealed class JitterBufferTests
{
    private readonly CountingPool _pool = new();
    private readonly FakeTimeProvider _time = new();

    private JitterBuffer Create(TimeSpan? latency = null, int maxPackets = 1024, long maxBytes = 1 << 20) =>
        new(new JitterBufferOptions
        {
            Latency = latency ?? TimeSpan.FromMilliseconds(100), MaxPackets = maxPackets, MaxBytes = maxBytes, Pool = _pool,
        }, _time);

    [Theory]
    [InlineData(new ushort[] { 1, 2, 3 }, new ushort[] { 1, 2, 3 })]
    [InlineData(new ushort[] { 65535, 1, 0 }, new ushort[] { 65535, 0, 1 })]        // reordered across the wrap
    [InlineData(new ushort[] { 65534, 65535, 0, 1 }, new ushort[] { 65534, 65535, 0, 1 })]
    [InlineData(new ushort[] { 7, 7, 8 }, new ushort[] { 7, 8 })]                   // duplicate dropped
    [InlineData(new ushort[] { 10, 13, 12, 11 }, new ushort[] { 10, 11, 12, 13 })]
    [InlineData(new ushort[] { 10, 9, 11 }, new ushort[] { 10, 11 })]              // behind the first: too late
    public void Releases_in_sequence_order(ushort[] arrivals, ushort[] expected)
    {
        using var buffer = Create();
        var released = new List<ushort>();
        foreach (var sequence in arrivals)
        {
            buffer.Insert(_pool, sequence);
            released.AddRange(buffer.DrainSequenceNumbers());
        }
        Assert.Equal(expected, released);
        Assert.Equal(0, _pool.Outstanding);
        Assert.Equal(0, _pool.DoubleReturns);
    }

    [Fact]
    public void Gap_is_declared_lost_only_after_the_latency_has_passed()
    {
        using var buffer = Create(TimeSpan.FromMilliseconds(100));
        buffer.Insert(_pool, 65534);
        buffer.Insert(_pool, 0); // 65535 is missing
        Assert.Equal(["65534"], buffer.Drain());
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(buffer.Drain());
        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(["lost 65535+1", "0"], buffer.Drain());
        Assert.Equal(1, buffer.Stats.Lost);
    }

    [Fact]
    public void A_gap_inserted_late_still_gets_the_whole_latency_for_a_nack()
    {
        // The receive thread stamped both packets; the stage that inserts them ran 300 ms later (a starved pool).
        using var buffer = Create(TimeSpan.FromMilliseconds(100));
        long arrived = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Insert(buffer, 10, arrived);
        Insert(buffer, 12, arrived);                      // 11 missing
        Assert.Equal(["10"], buffer.Drain());
        Span<ushort> candidates = stackalloc ushort[4];
        Assert.Equal(new ushort[] { 11 }, candidates[..buffer.GetNackCandidates(candidates)].ToArray());
        Assert.Equal(TimeSpan.FromMilliseconds(100), buffer.NextDeadline);
        _time.Advance(TimeSpan.FromMilliseconds(60));
        Insert(buffer, 11, _time.GetTimestamp());         // the retransmission
        Assert.Equal(["11", "12"], buffer.Drain());
        Assert.Equal(0, buffer.Stats.Lost);
        // The next gap, also inserted late: lost a full latency after its insertion, and the packet still carries
        // its arrival stamp (A/V sync before the first sender report uses it).
        Insert(buffer, 14, arrived);
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(buffer.Drain());
        _time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.True(buffer.TryDequeue(out var lost));
        Assert.Equal((ReleasedPacketKind.Lost, 13L, 1), (lost.Kind, lost.ExtendedSequenceNumber % 65536, lost.Count));
        Assert.True(buffer.TryDequeue(out var packet));
        using (packet) Assert.Equal(arrived, packet.ReceivedAt);
        Assert.Equal(0, _pool.Outstanding);
    }

    private void Insert(JitterBuffer buffer, ushort sequence, long receivedAt)
    {
        var (header, data, length, payload) = TestPackets.Rtp(_pool, sequence);
        Assert.Equal(InsertResult.Accepted, buffer.Insert(header, data, length, payload, receivedAt));
    }

    [Fact]
    public void Flush_releases_what_waits_behind_a_gap_at_once()
    {
        using var buffer = Create(TimeSpan.FromMilliseconds(400));
        buffer.Insert(_pool, 1);
        buffer.Insert(_pool, 3);
        buffer.Insert(_pool, 4);
        Assert.Equal(["1"], buffer.Drain());
        Assert.NotEqual(TimeSpan.Zero, buffer.NextDeadline);
        buffer.Flush();                                   // the source ended: 2 will never come
        Assert.Equal(TimeSpan.Zero, buffer.NextDeadline);
        Assert.Equal(["lost 2+1", "3", "4"], buffer.Drain());
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Late_packet_fills_the_gap_before_the_deadline()
    {
        using var buffer = Create();
        buffer.Insert(_pool, 1);
        buffer.Insert(_pool, 3);
        buffer.Insert(_pool, 4);
        Assert.Equal(["1"], buffer.Drain());
        _time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal(InsertResult.Accepted, buffer.Insert(_pool, 2));
        Assert.Equal(["2", "3", "4"], buffer.Drain());
        Assert.Equal(0, buffer.Stats.Lost);
    }

    [Fact]
    public void Loss_event_and_marker_carry_the_whole_missing_range()
    {
        using var buffer = Create();
        var events = new List<LostRange>();
        buffer.PacketsLost += events.Add;
        buffer.Insert(_pool, 100);
        buffer.Insert(_pool, 105);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(["100", "lost 101+4", "105"], buffer.Drain());
        var lost = Assert.Single(events);
        Assert.Equal((ushort)101, lost.FirstSequenceNumber);
        Assert.Equal(4, lost.Count);
        Assert.Equal(4, buffer.Stats.Lost);
    }

    [Fact]
    public void Duplicates_and_late_packets_are_dropped_and_counted_apart()
    {
        using var buffer = Create();
        buffer.Insert(_pool, 1);
        buffer.Insert(_pool, 3);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(["1", "lost 2+1", "3"], buffer.Drain());
        Assert.Equal(InsertResult.Duplicate, buffer.Insert(_pool, 3));  // released already
        Assert.Equal(InsertResult.TooLate, buffer.Insert(_pool, 2));    // its slot was given up
        buffer.Insert(_pool, 5);
        Assert.Equal(InsertResult.Duplicate, buffer.Insert(_pool, 5));  // still held
        var stats = buffer.Stats;
        Assert.Equal((2L, 1L, 1L), (stats.Duplicates, stats.TooLate, stats.Lost));
        Assert.Equal(1, _pool.Outstanding); // only the held 5
        Assert.Equal(0, _pool.DoubleReturns);
    }

    [Fact]
    public void Next_deadline_says_when_the_gap_expires()
    {
        using var buffer = Create(TimeSpan.FromMilliseconds(100));
        Assert.Null(buffer.NextDeadline);
        buffer.Insert(_pool, 1);
        Assert.Equal(TimeSpan.Zero, buffer.NextDeadline);
        buffer.Drain();
        Assert.Null(buffer.NextDeadline);
        buffer.Insert(_pool, 3);
        _time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal(TimeSpan.FromMilliseconds(70), buffer.NextDeadline);
        _time.Advance(TimeSpan.FromMilliseconds(70));
        Assert.Equal(TimeSpan.Zero, buffer.NextDeadline);
    }

    [Fact]
    public void Nack_candidates_are_the_missing_packets_still_in_time()
    {
        using var buffer = Create(TimeSpan.FromMilliseconds(100));
        buffer.Insert(_pool, 65533);
        buffer.Insert(_pool, 65535);          // 65534 missing
        _time.Advance(TimeSpan.FromMilliseconds(50));
        buffer.Insert(_pool, 2);              // 0 and 1 missing
        buffer.Drain();
        Span<ushort> candidates = stackalloc ushort[8];
        Assert.Equal(new ushort[] { 65534, 0, 1 }, candidates[..buffer.GetNackCandidates(candidates)].ToArray());
        _time.Advance(TimeSpan.FromMilliseconds(60)); // 65534's deadline passed (not yet declared: nobody dequeued)
        Assert.Equal(new ushort[] { 0, 1 }, candidates[..buffer.GetNackCandidates(candidates)].ToArray());
        Assert.Equal(1, buffer.GetNackCandidates(candidates[..1]));
    }

    [Fact]
    public void Packet_cap_drops_the_oldest_and_declares_it_lost()
    {
        using var buffer = Create(maxPackets: 4);
        var events = new List<LostRange>();
        buffer.PacketsLost += events.Add;
        buffer.Insert(_pool, 10);
        buffer.Drain();
        foreach (ushort s in new ushort[] { 12, 13, 14, 15, 16 }) buffer.Insert(_pool, s); // 11 missing, 5 behind it
        Assert.Equal(4, buffer.Stats.HeldPackets);
        Assert.Equal(["lost 11+2", "13", "14", "15", "16"], buffer.Drain());
        Assert.Equal(new LostRange(0x10000 + 11, 2), Assert.Single(events));
        Assert.Equal((1L, 1L), (buffer.Stats.Lost, buffer.Stats.Dropped));
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Byte_cap_bounds_what_is_held()
    {
        using var buffer = Create(maxBytes: 3 * 112);
        buffer.Insert(_pool, 1);
        buffer.Drain();
        foreach (ushort s in new ushort[] { 3, 4, 5, 6 }) buffer.Insert(_pool, s);
        Assert.True(buffer.Stats.HeldBytes <= 3 * 112);
        Assert.Equal(["lost 2+2", "4", "5", "6"], buffer.Drain());
    }

    [Fact]
    public void A_single_far_packet_is_dropped_but_two_in_sequence_restart_the_stream()
    {
        using var buffer = Create();
        buffer.Insert(_pool, 1000);
        buffer.Insert(_pool, 1002);
        Assert.Equal(["1000"], buffer.Drain());
        Assert.Equal(InsertResult.OutOfRange, buffer.Insert(_pool, 40000));
        Assert.Equal(InsertResult.Accepted, buffer.Insert(_pool, 1001));
        Assert.Equal(["1001", "1002"], buffer.Drain());
        Assert.Equal(InsertResult.OutOfRange, buffer.Insert(_pool, 50000));
        Assert.Equal(InsertResult.Accepted, buffer.Insert(_pool, 50001)); // confirmed: the sender restarted
        buffer.Insert(_pool, 50002);
        Assert.Equal(["reset", "50001", "50002"], buffer.Drain());
        Assert.Equal(1, buffer.Stats.Resets);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Jump_beyond_the_window_but_within_dropout_skips_ahead()
    {
        using var buffer = Create(maxPackets: 8); // 16 slots
        buffer.Insert(_pool, 1);
        buffer.Insert(_pool, 3);
        buffer.Drain();
        buffer.Insert(_pool, 40);                 // 40 - 2 >= 16 slots: everything before 25 is given up at once
        Assert.Equal(["lost 2+23"], buffer.Drain());
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(["lost 25+15", "40"], buffer.Drain());
        Assert.Equal((1L, 37L), (buffer.Stats.Dropped, buffer.Stats.Lost));
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Reset_and_dispose_return_every_held_buffer()
    {
        var buffer = Create();
        buffer.Insert(_pool, 1);
        buffer.Insert(_pool, 3);
        buffer.Insert(_pool, 4);
        buffer.Reset();
        Assert.Equal(["reset"], buffer.Drain());
        Assert.Equal(0, _pool.Outstanding);
        buffer.Insert(_pool, 9);
        buffer.Insert(_pool, 11);
        Assert.Equal(["9"], buffer.Drain());
        buffer.Dispose();
        Assert.Equal(0, _pool.Outstanding);
        Assert.Equal(0, _pool.DoubleReturns);
    }
}
