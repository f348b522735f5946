namespace Gateway.Rtc.Rtp;

/// <summary>
/// Extends 32-bit RTP timestamps to <see cref="long"/> by counting wraps. Each timestamp is placed within half the
/// range of the highest one seen, so a packet reordered backwards across a wrap gets its pre-wrap value and a
/// forward-moving stream never goes backwards. One instance per source; not thread-safe.
/// </summary>
public sealed class TimestampUnwrapper
{
    private long _highest;
    private bool _started;

    /// <summary>The highest unwrapped timestamp so far, or null before the first.</summary>
    public long? Highest => _started ? _highest : null;

    public long Unwrap(uint timestamp)
    {
        if (!_started)
        {
            _started = true;
            _highest = timestamp;
            return timestamp;
        }
        long unwrapped = _highest + RtpTimestamp.Difference(timestamp, (uint)_highest);
        if (unwrapped > _highest) _highest = unwrapped;
        return unwrapped;
    }

    public void Reset() => _started = false;
}
