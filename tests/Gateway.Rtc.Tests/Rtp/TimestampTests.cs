using FsCheck.Xunit;
using Gateway.Rtc.Rtp;

namespace Gateway.Rtc.Tests.Rtp;

public sealed class TimestampTests
{
    [Theory]
    [InlineData(0u, 0xFFFFFFFFu, 1)]
    [InlineData(0xFFFFFFFFu, 0u, -1)]
    [InlineData(3000u, 0u, 3000)]
    [InlineData(0x7FFFFFFFu, 0u, int.MaxValue)]
    [InlineData(100u, 0xFFFFFF9Cu, 200)]
    public void Difference_is_wrap_safe(uint newer, uint older, int expected)
    {
        Assert.Equal(expected, RtpTimestamp.Difference(newer, older));
        Assert.Equal(expected > 0, RtpTimestamp.IsNewer(newer, older));
    }

    [Theory]
    // forward across the wrap
    [InlineData(new uint[] { 0xFFFFFF00, 0xFFFFFFFF, 0, 0x100 }, new long[] { 0xFFFFFF00, 0xFFFFFFFF, 0x1_0000_0000, 0x1_0000_0100 })]
    // reordered backwards across the wrap: the late packet keeps the previous cycle
    [InlineData(new uint[] { 0xFFFFFFF0, 0x10, 0xFFFFFFFA, 0x20 }, new long[] { 0xFFFFFFF0, 0x1_0000_0010, 0xFFFFFFFA, 0x1_0000_0020 })]
    // a small step backwards with no wrap
    [InlineData(new uint[] { 9000, 6000, 12000 }, new long[] { 9000, 6000, 12000 })]
    // three full wraps in quarter steps
    [InlineData(new uint[] { 0, 0x40000000, 0x80000000, 0xC0000000, 0, 0x40000000, 0x80000000, 0xC0000000, 0 },
        new long[] { 0, 0x40000000, 0x80000000, 0xC0000000, 0x100000000, 0x140000000, 0x180000000, 0x1C0000000, 0x200000000 })]
    public void Unwraps_RTP_timestamps(uint[] input, long[] expected)
    {
        var unwrapper = new TimestampUnwrapper();
        Assert.Equal(expected, input.Select(unwrapper.Unwrap));
    }

    [Property(MaxTest = 300)]
    public bool Unwrapping_is_monotonic_for_forward_moving_input(uint start, uint[] steps)
    {
        var unwrapper = new TimestampUnwrapper();
        long previous = unwrapper.Unwrap(start);
        long expected = start;
        uint timestamp = start;
        foreach (var step in steps)
        {
            uint forward = step & 0x7FFFFFFF;           // less than half the range, else "forward" is ambiguous
            timestamp += forward;
            expected += forward;
            long current = unwrapper.Unwrap(timestamp);
            if (current < previous || current != expected) return false;
            previous = current;
        }
        return true;
    }

    [Fact]
    public void Opus_capture_timestamps_advance_by_20_ms_per_packet()
    {
        var unwrapper = new TimestampUnwrapper();
        var timestamps = TestDataFiles.HexLines("rtp/ffmpeg-opus-seqwrap.hex")
            .Select(p => RtpHeader.TryParse(p, out var h, out _, out _) ? unwrapper.Unwrap(h.Timestamp) : -1)
            .ToArray();
        Assert.Equal(40, timestamps.Length);
        Assert.All(timestamps.Zip(timestamps.Skip(1)), pair => Assert.Equal(960, pair.Second - pair.First)); // 48 kHz × 20 ms
    }
}
