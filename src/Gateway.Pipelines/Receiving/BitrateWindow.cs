namespace Gateway.Pipelines.Receiving;

/// <summary>Bytes received over a sliding window, kept in fixed buckets so adding a packet allocates nothing.</summary>
internal sealed class BitrateWindow
{
    private readonly long[] _bytes;
    private readonly long[] _bucketNumbers;
    private readonly long _bucketTicks;
    private readonly TimeSpan _window;

    public BitrateWindow(TimeSpan window, long timestampFrequency, int buckets = 10)
    {
        _bytes = new long[buckets];
        _bucketNumbers = new long[buckets];
        Array.Fill(_bucketNumbers, long.MinValue);
        _bucketTicks = Math.Max(1, (long)(window.TotalSeconds * timestampFrequency / buckets));
        _window = window;
    }

    public void Add(long timestamp, int bytes)
    {
        long number = timestamp / _bucketTicks;
        var index = (int)(number % _bytes.Length);
        if (index < 0) index += _bytes.Length;
        if (_bucketNumbers[index] != number)
        {
            _bucketNumbers[index] = number;
            _bytes[index] = 0;
        }
        _bytes[index] += bytes;
    }

    /// <summary>
    /// Kilobits per second over the window ending at <paramref name="now"/>: the older full buckets plus the part of
    /// the current bucket that has elapsed, so a steady stream reads steady whatever the phase.
    /// </summary>
    public double Kbps(long now)
    {
        long current = now / _bucketTicks;
        long sum = 0;
        for (var i = 0; i < _bytes.Length; i++)
        {
            long age = current - _bucketNumbers[i];
            if (age >= 0 && age < _bytes.Length) sum += _bytes[i];
        }
        long spanTicks = (_bytes.Length - 1) * _bucketTicks + (now - current * _bucketTicks);
        double seconds = _window.TotalSeconds * spanTicks / (_bytes.Length * _bucketTicks);
        return seconds <= 0 ? 0 : sum * 8 / seconds / 1000;
    }

    public void Clear() => Array.Fill(_bucketNumbers, long.MinValue);
}
