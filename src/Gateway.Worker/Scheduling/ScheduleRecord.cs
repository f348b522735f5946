using Gateway.Worker.Captures;

namespace Gateway.Worker.Scheduling;

/// <summary>The schedule resource as the API shows it (<c>GET /v1/schedules/{id}</c>).</summary>
public sealed record ScheduleRecord
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public string? Cron { get; init; }

    public string? TimeZone { get; init; }

    public DateTimeOffset? At { get; init; }

    public int DurationSeconds { get; init; }

    /// <summary>The capture template without secrets (source bearer token, output URLs carrying stream keys).</summary>
    public required CaptureSpec Capture { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The next planned firing; null for a one-off that fired or was missed.</summary>
    public DateTimeOffset? NextFiringAt { get; init; }

    public ScheduleFiring? LastFiring { get; init; }

    /// <summary>Newest first, the last <see cref="ScheduleLedger.MaxFirings"/>.</summary>
    public IReadOnlyList<ScheduleFiring> Firings { get; init; } = [];

    public long StartedCount { get; init; }

    public long FailedCount { get; init; }

    public long MissedCount { get; init; }

    public static ScheduleRecord From(StoredSchedule stored, DateTimeOffset now)
    {
        var (definition, ledger) = (stored.Definition, stored.Ledger);
        return new ScheduleRecord
        {
            Id = definition.Id,
            Name = definition.Name,
            Cron = definition.Cron,
            TimeZone = definition.Cron is null ? null : definition.TimeZone,
            At = definition.At,
            DurationSeconds = definition.DurationSeconds,
            Capture = WithoutSecrets(definition.Capture),
            CreatedAt = definition.CreatedAt,
            NextFiringAt = FiringLedger.NextFiring(definition, ledger, now),
            LastFiring = ledger.Firings.Count > 0 ? ledger.Firings[0] : null,
            Firings = ledger.Firings,
            StartedCount = ledger.StartedCount,
            FailedCount = ledger.FailedCount,
            MissedCount = ledger.MissedCount,
        };
    }

    private static CaptureSpec WithoutSecrets(CaptureSpec capture) => capture with
    {
        Source = capture.Source is null ? null : capture.Source with { BearerToken = null, Pin = null },
        Outputs = capture.Outputs?.Select(o => o with { Url = null }).ToList(),
    };
}
