using FsCheck.Xunit;
using Gateway.Rtc.Rtcp;

namespace Gateway.Rtc.Tests.Rtcp;

public sealed class GenericNackTests
{
    [Fact]
    public void Reads_PID_and_BLP_as_RFC_4585_6_2_1()
    {
        // PID 100, BLP bits 0 and 15: 100, 101 and 116 lost. Second entry across the wrap: 65535 and 0.
        var data = Convert.FromHexString("81CD0004" + "11111111" + "22222222" + "00648001" + "FFFF0001");
        Assert.True(GenericNack.TryParse(data, out var nack, out _));
        Assert.Equal((0x11111111u, 0x22222222u), (nack.SenderSsrc, nack.MediaSsrc));
        Assert.Equal([new NackPair(100, 0x8001), new NackPair(65535, 1)], nack.Pairs.ToArray());
        var lost = new ushort[34];
        Assert.True(NackList.TryExpand(nack.Pairs, lost, out int count));
        Assert.Equal(new ushort[] { 100, 101, 116, 65535, 0 }, lost[..count]);
        Assert.True(NackList.Contains(nack.Pairs, 0));
        Assert.False(NackList.Contains(nack.Pairs, 102));
        var buffer = new byte[data.Length];
        Assert.True(nack.TryWriteTo(buffer, out _));
        Assert.Equal(data, buffer);
    }

    [Theory]
    [InlineData(new ushort[] { 5 }, new[] { "5:0000" })]
    [InlineData(new ushort[] { 5, 6, 7 }, new[] { "5:0003" })]
    [InlineData(new ushort[] { 5, 21 }, new[] { "5:8000" })]              // PID + 16 is the last bit
    [InlineData(new ushort[] { 5, 22 }, new[] { "5:0000", "22:0000" })]    // PID + 17 needs a new entry
    [InlineData(new ushort[] { 65534, 65535, 0, 1 }, new[] { "65534:0007" })]
    [InlineData(new ushort[] { 1, 1, 2 }, new[] { "1:0001" })]             // duplicates ignored
    [InlineData(new ushort[0], new string[0])]
    public void Builds_the_fewest_entries(ushort[] lost, string[] expected)
    {
        var pairs = new NackPair[lost.Length];
        Assert.True(NackList.TryBuild(lost, pairs, out int count));
        Assert.Equal(expected, pairs[..count].Select(p => $"{p.PacketId}:{p.LostBitmask:X4}"));
        Assert.Equal(count, NackList.CountEntries(lost));
        if (count > 0) Assert.False(NackList.TryBuild(lost, pairs.AsSpan(0, count - 1), out _));
    }

    [Property(MaxTest = 300)]
    public bool Build_then_expand_returns_the_lost_set(ushort start, byte[] gaps)
    {
        // An ascending (wrap-aware) set of lost numbers within less than half the sequence space.
        var lost = new List<ushort>();
        ushort sequence = start;
        foreach (var gap in gaps.Take(200))
        {
            sequence = (ushort)(sequence + 1 + gap % 40);
            lost.Add(sequence);
        }
        var pairs = new NackPair[lost.Count];
        if (!NackList.TryBuild(lost.ToArray(), pairs, out int count)) return false;
        var buffer = new byte[12 + 4 * count];
        if (!new GenericNack(1, 2, pairs.AsSpan(0, count)).TryWriteTo(buffer, out _)) return false;
        if (!GenericNack.TryParse(buffer, out var parsed, out _)) return false;
        var expanded = new ushort[17 * count];
        if (!NackList.TryExpand(parsed.Pairs, expanded, out int n) || !expanded[..n].SequenceEqual(lost) || count > lost.Count) return false;
        foreach (var s in lost)
        {
            if (!NackList.Contains(parsed.Pairs, s)) return false;
        }
        return count == NackList.CountEntries(lost.ToArray());
    }
}
