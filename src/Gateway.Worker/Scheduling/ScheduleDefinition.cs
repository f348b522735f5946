using Gateway.Worker.Captures;

namespace Gateway.Worker.Scheduling;

/// <summary>A schedule as stored in job storage at creation; never changed afterwards (only deleted).</summary>
public sealed record ScheduleDefinition
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    /// <summary>Recurring schedules: the cron expression. Null for one-offs.</summary>
    public string? Cron { get; init; }

    /// <summary>IANA id the cron expression is read in; "UTC" when the request named none.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>One-offs: the planned instant. Null for recurring schedules.</summary>
    public DateTimeOffset? At { get; init; }

    public int DurationSeconds { get; init; }

    public required CaptureSpec Capture { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The cron schedule, or null for a one-off (the expression was validated at creation).</summary>
    public CronSchedule? ParseCron() =>
        Cron is not null && CronSchedule.TryParse(Cron, TimeZone, out var schedule, out _, out _) ? schedule : null;

    /// <summary>
    /// The capture a firing creates: the template with <c>maxDurationSeconds</c> lowered to the schedule's duration,
    /// so the capture ends itself with endReason <c>maxDuration</c> even if this node dies after creating it.
    /// </summary>
    public CaptureSpec CaptureForFiring() => Capture with
    {
        MaxDurationSeconds = Math.Min(Capture.MaxDurationSeconds ?? int.MaxValue, DurationSeconds),
    };
}
