namespace Gateway.Worker.Scheduling;

/// <summary>One planned firing and what became of it.</summary>
public sealed record ScheduleFiring
{
    /// <summary>The planned instant (the cron occurrence or the one-off's <c>at</c>).</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>See <see cref="FiringOutcome"/>.</summary>
    public required string Outcome { get; init; }

    /// <summary>When a node took the firing; null for a missed one.</summary>
    public DateTimeOffset? FiredAt { get; init; }

    /// <summary>The capture this firing created.</summary>
    public string? CaptureId { get; init; }

    /// <summary>Why no capture was created (failed firings), or why it was missed.</summary>
    public string? Error { get; init; }
}

/// <summary>Values of <see cref="ScheduleFiring.Outcome"/>.</summary>
public static class FiringOutcome
{
    /// <summary>A node claimed the firing and is creating the capture (or died doing so: it is not retried).</summary>
    public const string Starting = "starting";

    /// <summary>The capture was created: see captureId.</summary>
    public const string Started = "started";

    /// <summary>No capture could be created (at capacity, source rejected, ...): see error.</summary>
    public const string Failed = "failed";

    /// <summary>No node was up to fire it within the tolerance; it was not run late.</summary>
    public const string Missed = "missed";
}
