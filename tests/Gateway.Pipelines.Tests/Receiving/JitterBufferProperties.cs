using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.Pipelines.Receiving;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Pipelines.Tests.Receiving;

public sealed class JitterBufferProperties
{
    /// <summary>Packets 0..n-1 of a stream starting at <c>start</c>, in a random order, random delays between them.</summary>
    public static Arbitrary<(ushort Start, int[] Order, int[] DelaysMs)> Arrivals() =>
        (from start in ArbMap.Default.GeneratorFor<ushort>()
         from count in Gen.Choose(1, 200)
         from order in Gen.Shuffle(Enumerable.Range(0, count).ToArray())
         from delays in Gen.ArrayOf(Gen.Choose(0, 40), count)
         select (start, order, delays)).ToArbitrary();

    [Property(Arbitrary = [typeof(JitterBufferProperties)], MaxTest = 300)]
    public void Emits_strictly_increasing_sequence_numbers_and_returns_every_buffer_once((ushort Start, int[] Order, int[] DelaysMs) input)
    {
        var pool = new CountingPool();
        var time = new FakeTimeProvider();
        var buffer = new JitterBuffer(new JitterBufferOptions { Latency = TimeSpan.FromMilliseconds(50), MaxPackets = 64, Pool = pool }, time);
        var emitted = new List<long>();
        for (var i = 0; i < input.Order.Length; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(input.DelaysMs[i]));
            buffer.Insert(pool, (ushort)(input.Start + input.Order[i]));
            Collect(buffer, emitted);
        }
        time.Advance(TimeSpan.FromSeconds(1));
        Collect(buffer, emitted);
        buffer.Dispose();

        for (var i = 1; i < emitted.Count; i++) Assert.True(emitted[i] > emitted[i - 1], $"{emitted[i - 1]} then {emitted[i]}");
        var stats = buffer.Stats;
        Assert.Equal(stats.Released, emitted.Count);
        Assert.Equal(input.Order.Length, stats.Accepted + stats.Duplicates + stats.TooLate + stats.OutOfRange);
        Assert.Equal(0, pool.Outstanding);
        Assert.Equal(0, pool.DoubleReturns);
        Assert.Equal(pool.Rented, pool.Returned);
    }

    [Property(Arbitrary = [typeof(JitterBufferProperties)], MaxTest = 200)]
    public void Loses_nothing_when_reordering_stays_within_the_latency((ushort Start, int[] Order, int[] DelaysMs) input)
    {
        // The first packet sets the release point, so it goes first; the rest arrive in any order at one instant.
        var pool = new CountingPool();
        var buffer = new JitterBuffer(new JitterBufferOptions { Pool = pool }, new FakeTimeProvider());
        var released = new List<long>();
        buffer.Insert(pool, input.Start);
        foreach (var offset in input.Order.Where(o => o != 0))
        {
            buffer.Insert(pool, (ushort)(input.Start + offset));
            Collect(buffer, released);
        }
        Collect(buffer, released);
        Assert.Equal(Enumerable.Range(0, input.Order.Length).Select(o => (long)(ushort)(input.Start + o)),
            released.Select(s => (long)(ushort)s));
        Assert.Equal(0, buffer.Stats.Lost);
    }

    private static void Collect(JitterBuffer buffer, List<long> emitted)
    {
        while (buffer.TryDequeue(out var packet))
        {
            using (packet)
            {
                if (packet.Kind == ReleasedPacketKind.Packet) emitted.Add(packet.ExtendedSequenceNumber);
            }
        }
    }
}
