using Gateway.Rtc.Srtp;

namespace Gateway.Rtc.Tests.Srtp;

public sealed class ReplayWindowTests
{
    [Theory]
    [InlineData(-1L, (ushort)5, 5L)]                        // first packet: ROC 0, s_l = SEQ
    [InlineData(100L, (ushort)101, 101L)]
    [InlineData(65535L, (ushort)0, 65536L)]                 // wrap: next ROC
    [InlineData(65536L + 10, (ushort)65530, 65530L)]        // late from the previous ROC
    [InlineData(10L, (ushort)65530, -6L)]                   // "previous ROC" before ROC 0 does not exist
    [InlineData((5L << 16) + 40000, (ushort)100, (6L << 16) + 100)]
    [InlineData((5L << 16) + 40000, (ushort)8000, (5L << 16) + 8000)]
    public void Index_estimation_follows_rfc3711_appendix_a(long highest, ushort sequence, long expected)
    {
        var window = new ReplayWindow();
        if (highest >= 0) window.Accept(highest);
        long index = SrtpStream.EstimateIndex(window, sequence);
        Assert.Equal(expected < 0, index < 0);
        if (expected >= 0) Assert.Equal(expected, index);
    }

    [Fact]
    public void Window_remembers_the_last_64_indices()
    {
        var window = new ReplayWindow();
        Assert.False(window.IsReplayed(1000));
        window.Accept(1000);
        Assert.True(window.IsReplayed(1000));
        Assert.False(window.IsReplayed(999));
        Assert.False(window.IsReplayed(937));   // 63 behind
        Assert.True(window.IsReplayed(936));    // 64 behind
        window.Accept(999);
        Assert.True(window.IsReplayed(999));
        window.Accept(1100);                    // jump beyond the window: everything older is forgotten as too old
        Assert.True(window.IsReplayed(1000));
        Assert.False(window.IsReplayed(1099));
        Assert.Equal(1100, window.Highest);
        Assert.True(window.IsReplayed(-1));
    }
}
