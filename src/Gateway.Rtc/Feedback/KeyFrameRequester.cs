namespace Gateway.Rtc.Feedback;

/// <summary>
/// Rate-limits picture loss indications (RFC 4585 §6.3.1): a decoder that needs a key frame asks as often as it
/// likes; a PLI goes out at most once per <c>minInterval</c> (a second by default), so the publisher is not pushed
/// into a burst of key frames.
/// </summary>
public sealed class KeyFrameRequester(TimeProvider time, TimeSpan? minInterval = null)
{
    private readonly long _intervalTicks = (long)((minInterval ?? TimeSpan.FromSeconds(1)).TotalSeconds * time.TimestampFrequency);
    private long _lastSent = long.MinValue;
    private bool _pending;

    public long Sent { get; private set; }

    public void Request() => _pending = true;

    /// <summary>True (and counted) when a PLI should be sent now.</summary>
    public bool TryTake()
    {
        if (!_pending) return false;
        var now = time.GetTimestamp();
        if (_lastSent != long.MinValue && now - _lastSent < _intervalTicks) return false;
        _pending = false;
        _lastSent = now;
        Sent++;
        return true;
    }
}
