namespace Gateway.Rtc.Rtcp;

/// <summary>
/// 64-bit NTP timestamps (RFC 3550 §4: seconds since 1900 in the high 32 bits, fraction in the low 32) and the
/// middle-32 "compact" form used by LSR and DLSR (§6.4.1: 16.16 fixed-point seconds).
/// </summary>
public static class NtpTimestamp
{
    private static readonly DateTimeOffset Era0 = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Seconds 2^32 after 1900 (2036-02-07T06:28:16Z) start era 1.</summary>
    private static readonly DateTimeOffset Era1 = Era0.AddSeconds(4294967296d);

    /// <summary>
    /// Converts to wall-clock time. A value with the top bit clear is taken as era 1 (2036..2104), as RFC 4330 §3
    /// suggests, so the 2036 wrap needs no special case in callers.
    /// </summary>
    public static DateTimeOffset ToDateTimeOffset(ulong ntp)
    {
        uint seconds = (uint)(ntp >> 32);
        var epoch = (seconds & 0x8000_0000u) != 0 ? Era0 : Era1;
        long fractionTicks = (long)(((ntp & 0xFFFF_FFFFul) * TimeSpan.TicksPerSecond) >> 32);
        return epoch.AddTicks(seconds * TimeSpan.TicksPerSecond + fractionTicks);
    }

    /// <summary>Converts wall-clock time (1968..2104) to NTP, truncating below 100 ns.</summary>
    public static ulong FromDateTimeOffset(DateTimeOffset time)
    {
        var epoch = time >= Era1 ? Era1 : Era0;
        long ticks = (time - epoch).Ticks;
        ulong seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        ulong fraction = ((ulong)(ticks % TimeSpan.TicksPerSecond) << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits, as placed in an RR's LSR field (§6.4.1).</summary>
    public static uint ToCompact(ulong ntp) => (uint)(ntp >> 16);

    public static TimeSpan CompactToTimeSpan(uint compact) => TimeSpan.FromTicks((long)(((ulong)compact * TimeSpan.TicksPerSecond) >> 16));

    /// <summary>A duration in compact form (DLSR); saturates at about 18 hours.</summary>
    public static uint CompactFromTimeSpan(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) return 0;
        ulong compact = ((ulong)duration.Ticks << 16) / TimeSpan.TicksPerSecond;
        return compact > uint.MaxValue ? uint.MaxValue : (uint)compact;
    }

    /// <summary>
    /// Round-trip time from a report block (§6.4.1: A - LSR - DLSR, all compact, computed modulo 2^32) where
    /// <paramref name="arrivalCompact"/> is when the report arrived. Zero when the sender had no SR yet (LSR 0).
    /// </summary>
    public static TimeSpan RoundTripTime(uint arrivalCompact, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        if (lastSenderReport == 0) return TimeSpan.Zero;
        int rtt = (int)(arrivalCompact - lastSenderReport - delaySinceLastSenderReport);
        return rtt <= 0 ? TimeSpan.Zero : CompactToTimeSpan((uint)rtt);
    }
}
