namespace Gateway.Worker.Scheduling;

/// <summary>
/// The firing history of a schedule, read and written only under the schedule's distributed lock. The watermark is
/// the latest planned instant already accounted for (fired or missed): a planned instant at or before it is never
/// fired again, which is what makes a firing run at most once across nodes and redeliveries.
/// </summary>
public sealed record ScheduleLedger
{
    /// <summary>How many firings the schedule resource lists; older ones only count.</summary>
    public const int MaxFirings = 50;

    public DateTimeOffset? Watermark { get; init; }

    /// <summary>Newest first, at most <see cref="MaxFirings"/>.</summary>
    public IReadOnlyList<ScheduleFiring> Firings { get; init; } = [];

    public long StartedCount { get; init; }

    public long FailedCount { get; init; }

    public long MissedCount { get; init; }

    internal ScheduleLedger Add(ScheduleFiring firing) => this with
    {
        Firings = Firings.Prepend(firing).Take(MaxFirings).ToList(),
        MissedCount = MissedCount + (firing.Outcome == FiringOutcome.Missed ? 1 : 0),
        Watermark = Watermark is { } mark && mark >= firing.At ? mark : firing.At,
    };

    internal ScheduleLedger Resolve(DateTimeOffset plannedAt, string outcome, string? captureId, string? error) => this with
    {
        Firings = Firings.Select(f => f.At == plannedAt && f.Outcome == FiringOutcome.Starting
            ? f with { Outcome = outcome, CaptureId = captureId, Error = error } : f).ToList(),
        StartedCount = StartedCount + (outcome == FiringOutcome.Started ? 1 : 0),
        FailedCount = FailedCount + (outcome == FiringOutcome.Failed ? 1 : 0),
    };
}
