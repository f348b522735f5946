namespace Gateway.Pipelines.Sync;

/// <summary>
/// Extends 32-bit RTP timestamps to 64 bits by counting wraps: each one lands within ±2^31 of the newest seen
/// (RFC 3550 §5.1: the timestamp wraps; only differences are meaningful). Kept private to Sync on purpose.
/// </summary>
internal struct RtpTimestampExtender
{
    private bool _started;
    private uint _newest;
    private long _newestExtended;

    public long Extend(uint timestamp)
    {
        if (!_started)
        {
            _started = true;
            _newest = timestamp;
            _newestExtended = timestamp;
            return timestamp;
        }
        long extended = _newestExtended + (int)(timestamp - _newest);
        if (extended > _newestExtended)
        {
            _newest = timestamp;
            _newestExtended = extended;
        }
        return extended;
    }

    public void Reset() => this = default;
}
