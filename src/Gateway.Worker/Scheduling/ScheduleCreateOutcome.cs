namespace Gateway.Worker.Scheduling;

/// <summary>The result of asking for a new schedule.</summary>
public abstract record ScheduleCreateOutcome
{
    private ScheduleCreateOutcome() { }

    public sealed record Created(ScheduleRecord Schedule) : ScheduleCreateOutcome;

    /// <summary>Bad input: field → messages, for a 400 validation problem. Nothing was stored.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : ScheduleCreateOutcome;

    /// <summary>The job storage cannot be reached (PostgreSQL down, data directory not writable).</summary>
    public sealed record StorageUnavailable : ScheduleCreateOutcome;
}
