namespace Gateway.Rtc.Feedback;

/// <summary>
/// Decides which missing packets to NACK now (pion's nack generator, as a pure state machine): the caller passes the
/// packets its jitter buffer still misses and could still use; each is asked for once it has been missing for
/// <see cref="NackSchedulerOptions.ReorderDelay"/>, then again every <see cref="NackSchedulerOptions.RetryInterval"/>
/// up to <see cref="NackSchedulerOptions.MaxRetries"/>. A packet that arrives or passes its deadline drops out of
/// the caller's list and is forgotten here. Single-threaded; no allocation once warmed up.
/// </summary>
public sealed class NackScheduler
{
    private readonly NackSchedulerOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<ushort, Entry> _missing;
    private readonly long _reorderTicks, _retryTicks;
    private uint _generation;
    private long _requested;

    public NackScheduler(NackSchedulerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _missing = new Dictionary<ushort, Entry>(options.MaxTracked);
        _reorderTicks = (long)(options.ReorderDelay.TotalSeconds * time.TimestampFrequency);
        _retryTicks = (long)(options.RetryInterval.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Sequence numbers requested so far (each retry counts).</summary>
    public long Requested => _requested;

    /// <summary>Packets currently waited for.</summary>
    public int Tracked => _missing.Count;

    /// <summary>
    /// Takes the currently missing sequence numbers (oldest first) and writes those to request now into
    /// <paramref name="request"/>, in the same order; returns how many.
    /// </summary>
    public int Update(ReadOnlySpan<ushort> missing, Span<ushort> request)
    {
        var now = _time.GetTimestamp();
        var generation = ++_generation;
        var count = 0;
        foreach (var sequence in missing)
        {
            if (!_missing.TryGetValue(sequence, out var entry))
            {
                if (_missing.Count >= _options.MaxTracked) continue;
                entry = new Entry(now, 0, 0, generation);
            }
            entry = entry with { Generation = generation };
            var due = entry.Sent == 0
                ? now - entry.FirstMissing >= _reorderTicks
                : entry.Sent < _options.MaxRetries && now - entry.LastSent >= _retryTicks;
            if (due && count < request.Length)
            {
                request[count++] = sequence;
                entry = entry with { LastSent = now, Sent = entry.Sent + 1 };
            }
            _missing[sequence] = entry;
        }
        // Arrived, or past the jitter buffer's deadline: no longer asked for. (Removing while enumerating is allowed.)
        foreach (var (sequence, entry) in _missing)
            if (entry.Generation != generation) _missing.Remove(sequence);
        _requested += count;
        return count;
    }

    public void Reset() => _missing.Clear();

    private readonly record struct Entry(long FirstMissing, long LastSent, int Sent, uint Generation);
}
