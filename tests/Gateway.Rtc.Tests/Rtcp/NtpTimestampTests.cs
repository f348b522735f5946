using Gateway.Rtc.Rtcp;

namespace Gateway.Rtc.Tests.Rtcp;

public sealed class NtpTimestampTests
{
    [Theory]
    [InlineData(0x83AA7E80_00000000ul, "1970-01-01T00:00:00.0000000+00:00")]    // the Unix epoch (2208988800 s)
    [InlineData(0xEEB0FAC5_80000000ul, "2026-11-25T06:12:21.5000000+00:00")]
    [InlineData(0xFFFFFFFF_00000000ul, "2036-02-07T06:28:15.0000000+00:00")]
    [InlineData(0x00000000_00000000ul, "2036-02-07T06:28:16.0000000+00:00")]    // era 1 starts (RFC 4330 §3)
    [InlineData(0x00000001_40000000ul, "2036-02-07T06:28:17.2500000+00:00")]
    public void Converts_both_ways(ulong ntp, string iso)
    {
        var time = DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(time, NtpTimestamp.ToDateTimeOffset(ntp));
        Assert.Equal(ntp, NtpTimestamp.FromDateTimeOffset(time));
    }

    [Fact]
    public void Compact_form_is_the_middle_32_bits()
    {
        Assert.Equal(0xFAC58000u, NtpTimestamp.ToCompact(0xEEB0FAC5_80000000ul));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), NtpTimestamp.CompactToTimeSpan(0x0001_8000));
        Assert.Equal(0x0001_8000u, NtpTimestamp.CompactFromTimeSpan(TimeSpan.FromMilliseconds(1500)));
        Assert.Equal(0u, NtpTimestamp.CompactFromTimeSpan(TimeSpan.FromSeconds(-1)));
        Assert.Equal(uint.MaxValue, NtpTimestamp.CompactFromTimeSpan(TimeSpan.FromDays(2)));
    }

    [Theory]
    // RFC 3550 §6.4.1 figure: A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s), DLSR = 0x0005:4000 (5.250 s).
    [InlineData(0xB7108000u, 0xB7052000u, 0x00054000u, 6125)]
    [InlineData(0x00010000u, 0xFFFF0000u, 0x00008000u, 1500)]   // across the wrap of the compact clock
    [InlineData(0x00010000u, 0u, 0u, 0)]                        // LSR 0: no SR received yet
    public void Round_trip_time_follows_the_RFC_example(uint arrival, uint lsr, uint dlsr, int expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), NtpTimestamp.RoundTripTime(arrival, lsr, dlsr));
    }
}
