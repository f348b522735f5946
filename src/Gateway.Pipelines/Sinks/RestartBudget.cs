namespace Gateway.Pipelines.Sinks;

/// <summary>Counts ffmpeg failures in a sliding window and says whether (and after how long) to start it again.</summary>
internal sealed class RestartBudget(FfmpegRestartPolicy policy, TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _failures = new();

    /// <summary>Failures within the window, this one included (after <see cref="OnFailure"/>).</summary>
    public int RecentFailures => _failures.Count;

    /// <returns>Null when the outputs should stay failed; otherwise the pause before the next start.</returns>
    public TimeSpan? OnFailure()
    {
        var now = time.GetUtcNow();
        while (_failures.Count > 0 && now - _failures.Peek() >= policy.Window) _failures.Dequeue();
        _failures.Enqueue(now);
        if (_failures.Count >= policy.MaxFailures) return null;
        // 2^(n-1) without overflow: beyond 2^20 the cap has long been reached.
        double factor = Math.Pow(2, Math.Min(_failures.Count - 1, 20));
        var backoff = TimeSpan.FromTicks((long)Math.Min(policy.InitialBackoff.Ticks * factor, policy.MaxBackoff.Ticks));
        return backoff;
    }
}
