using System.Globalization;

namespace Gateway.Worker.Scheduling;

/// <summary>
/// The rules for turning planned instants into fired or missed entries, as pure functions of the definition, the
/// ledger and the current time, so they are tested with a fake clock. The caller holds the schedule's lock.
/// </summary>
public static class FiringLedger
{
    /// <summary>
    /// Missed occurrences are counted at most this far back: a per-second cron down for a month would otherwise be
    /// millions of iterations. Older gaps still show in the watermark jump, not in the count.
    /// </summary>
    public static readonly TimeSpan MaxLookBack = TimeSpan.FromDays(7);

    /// <summary>
    /// A node was handed the firing planned at <paramref name="plannedAt"/>. Occurrences between the watermark and
    /// it that never fired are recorded missed first; then the firing is claimed, or recorded missed itself when it
    /// is later than <paramref name="tolerance"/>.
    /// </summary>
    public static (FiringDecision Decision, ScheduleLedger Ledger) Claim(ScheduleDefinition definition, ScheduleLedger ledger,
        DateTimeOffset plannedAt, DateTimeOffset now, TimeSpan tolerance)
    {
        if (ledger.Watermark is { } mark && plannedAt <= mark) return (FiringDecision.AlreadyAccounted, ledger);
        ledger = RecordMissed(definition, ledger, plannedAt, inclusive: false, now);
        if (now - plannedAt > tolerance)
            return (FiringDecision.Late, ledger.Add(Missed(plannedAt, now - plannedAt)));
        return (FiringDecision.Fire, ledger.Add(new ScheduleFiring { At = plannedAt, Outcome = FiringOutcome.Starting, FiredAt = now }));
    }

    /// <summary>Records what became of a claimed firing.</summary>
    public static ScheduleLedger Complete(ScheduleLedger ledger, DateTimeOffset plannedAt, string outcome, string? captureId, string? error) =>
        ledger.Resolve(plannedAt, outcome, captureId, error);

    /// <summary>
    /// Periodic and at start: every planned instant older than <paramref name="tolerance"/> that no node fired is
    /// recorded missed. Hangfire itself skips them (MisfireHandlingMode.Ignorable), so this is where they become visible.
    /// </summary>
    public static ScheduleLedger Audit(ScheduleDefinition definition, ScheduleLedger ledger, DateTimeOffset now, TimeSpan tolerance) =>
        RecordMissed(definition, ledger, now - tolerance, inclusive: true, now);

    /// <summary>The next planned firing after <paramref name="now"/> that is not accounted for yet.</summary>
    public static DateTimeOffset? NextFiring(ScheduleDefinition definition, ScheduleLedger ledger, DateTimeOffset now)
    {
        if (definition.At is { } at) return ledger.Watermark is null ? at : null;
        var after = ledger.Watermark is { } mark && mark > now ? mark : now;
        return definition.ParseCron()?.NextAfter(after);
    }

    private static ScheduleLedger RecordMissed(ScheduleDefinition definition, ScheduleLedger ledger, DateTimeOffset until, bool inclusive,
        DateTimeOffset now)
    {
        if (definition.At is { } at)
        {
            var due = inclusive ? at <= until : at < until;
            return ledger.Watermark is null && due ? ledger.Add(Missed(at, now - at)) : ledger;
        }
        if (definition.ParseCron() is not { } cron) return ledger;
        var after = ledger.Watermark ?? definition.CreatedAt;
        if (until - after > MaxLookBack) after = until - MaxLookBack;
        foreach (var occurrence in cron.Between(after, until))
        {
            if (!inclusive && occurrence == until) break;
            if (ledger.Watermark is { } mark && occurrence <= mark) continue;
            ledger = ledger.Add(Missed(occurrence, now - occurrence));
        }
        return ledger;
    }

    private static ScheduleFiring Missed(DateTimeOffset plannedAt, TimeSpan late) => new()
    {
        At = plannedAt,
        Outcome = FiringOutcome.Missed,
        Error = string.Create(CultureInfo.InvariantCulture,
            $"No gateway node fired it within the tolerance (noticed {late.TotalSeconds:0} s after the planned time)."),
    };
}
