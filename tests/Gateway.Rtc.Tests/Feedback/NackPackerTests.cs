using Gateway.Rtc.Feedback;
using Gateway.Rtc.Rtcp;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Gateway.Rtc.Tests.Feedback;

public sealed class NackPackerTests
{
    public static TheoryData<ushort[], NackPair[]> Cases => new()
    {
        { [], [] },
        { [100], [new NackPair(100, 0)] },
        { [100, 101, 103], [new NackPair(100, 0b101)] },
        { [100, 116], [new NackPair(100, 0x8000)] },                      // PID + 16 is the last bit
        { [100, 117], [new NackPair(100, 0), new NackPair(117, 0)] },
        { [65534, 65535, 0, 1], [new NackPair(65534, 0b111)] },           // across the wrap
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Packs_rfc_4585_pid_and_blp(ushort[] sequences, NackPair[] expected)
    {
        var pairs = new NackPair[8];
        var count = NackPacker.Pack(sequences, pairs);
        Assert.Equal(expected, pairs[..count]);
    }

    [Property]
    public Property Unpacking_gives_back_the_sequence_numbers()
    {
        var gen = Gen.Choose(0, 65535).Zip(Gen.Choose(1, 40).ListOf()).Select(t =>
        {
            var (first, steps) = t;
            var start = (ushort)first;
            var list = new List<ushort> { start };
            foreach (var step in steps.Take(50)) list.Add(start = (ushort)(start + step));
            return list.ToArray();
        });
        return Prop.ForAll(gen.ToArbitrary(), sequences =>
        {
            var pairs = new NackPair[sequences.Length];
            var count = NackPacker.Pack(sequences, pairs);
            var unpacked = new List<ushort>();
            var buffer = new ushort[17];
            foreach (var pair in pairs[..count])
            {
                pair.TryCopyLostTo(buffer, out var n);
                unpacked.AddRange(buffer[..n]);
            }
            return unpacked.SequenceEqual(sequences);
        });
    }
}
