namespace Gateway.Pipelines.Sync;

/// <summary>Conversions of 64-bit NTP timestamps (RFC 3550 §4: seconds since 1900 . 32-bit fraction).</summary>
public static class NtpTime
{
    private static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Time since 1900-01-01 UTC, to the 100 ns tick.</summary>
    public static TimeSpan ToTimeSpan(ulong ntpTimestamp) =>
        TimeSpan.FromTicks((long)(ntpTimestamp >> 32) * TimeSpan.TicksPerSecond
                           + (long)(((ntpTimestamp & 0xFFFFFFFF) * TimeSpan.TicksPerSecond) >> 32));

    public static ulong FromTimeSpan(TimeSpan sinceEpoch)
    {
        ulong seconds = (ulong)(sinceEpoch.Ticks / TimeSpan.TicksPerSecond);
        ulong remainder = (ulong)(sinceEpoch.Ticks % TimeSpan.TicksPerSecond);
        // Round up so ToTimeSpan(FromTimeSpan(x)) == x: a fraction unit (233 ps) is finer than a tick.
        ulong fraction = ((remainder << 32) + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    public static TimeSpan FromDateTimeOffset(DateTimeOffset time) => time - Epoch;
}
