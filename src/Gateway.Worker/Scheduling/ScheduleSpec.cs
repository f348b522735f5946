using Gateway.Worker.Captures;

namespace Gateway.Worker.Scheduling;

/// <summary>What a client asks for in <c>POST /v1/schedules</c> (API.md). Validated by <see cref="ScheduleSpecValidator"/>.</summary>
public sealed record ScheduleSpec
{
    public string? Name { get; init; }

    /// <summary>Recurring: a cron expression, 5 fields or 6 with seconds first (as Hangfire reads it).</summary>
    public string? Cron { get; init; }

    /// <summary>IANA time zone the cron expression is read in, such as Europe/Berlin. Default UTC.</summary>
    public string? TimeZone { get; init; }

    /// <summary>One-off: an ISO 8601 instant with an offset, such as 2026-11-25T09:00:00Z. Kept as text so a malformed
    /// value is reported against this field instead of failing the whole body.</summary>
    public string? At { get; init; }

    /// <summary>Each firing's capture stops itself after this many seconds (endReason maxDuration).</summary>
    public int? DurationSeconds { get; init; }

    /// <summary>The capture each firing creates, as <c>POST /v1/captures</c> takes it.</summary>
    public CaptureSpec? Capture { get; init; }
}
