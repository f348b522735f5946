namespace Gateway.Pipelines.Receiving;

/// <summary>
/// Interarrival jitter of RFC 3550 §6.4.1 / §A.8, in timestamp units of the track clock:
/// D(i-1,i) = (Rj - Ri) - (Sj - Si), J += (|D| - J) / 16.
/// </summary>
internal struct InterarrivalJitter
{
    private bool _hasPrevious;
    private double _previousTransit;

    /// <summary>Current estimate, in RTP timestamp units (not truncated).</summary>
    public double Value { get; private set; }

    /// <param name="arrivalRtpUnits">Arrival time converted to the track clock (any fixed origin).</param>
    /// <param name="rtpTimestamp">The packet's RTP timestamp; compared in 32-bit arithmetic, so the wrap is harmless.</param>
    public void Update(double arrivalRtpUnits, uint rtpTimestamp)
    {
        // transit = arrival - timestamp; only differences matter, so reduce the timestamp's wrap with a signed cast
        // against a running origin: keep transit as arrival minus an unwrapped timestamp.
        double transit = arrivalRtpUnits - Unwrap(rtpTimestamp);
        if (_hasPrevious)
        {
            double d = Math.Abs(transit - _previousTransit);
            Value += (d - Value) / 16;
        }
        _previousTransit = transit;
        _hasPrevious = true;
    }

    public void Reset()
    {
        _hasPrevious = false;
        _started = false;
        Value = 0;
    }

    private bool _started;
    private uint _lastTimestamp;
    private long _lastUnwrapped;

    private long Unwrap(uint timestamp)
    {
        if (!_started)
        {
            _started = true;
            _lastTimestamp = timestamp;
            _lastUnwrapped = timestamp;
            return timestamp;
        }
        _lastUnwrapped += (int)(timestamp - _lastTimestamp);
        _lastTimestamp = timestamp;
        return _lastUnwrapped;
    }
}
