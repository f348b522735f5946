namespace Gateway.Worker.Options;

/// <summary>Job storage, bound from <c>Gateway:Hangfire</c>.</summary>
public sealed class HangfireOptions
{
    public const string Section = "Gateway:Hangfire";

    /// <summary>Npgsql connection string. Empty: embedded SQLite in the data directory (one node only);
    /// set it so several nodes share schedules and each firing runs once.</summary>
    public string PostgreSql { get; set; } = "";

    /// <summary>True when jobs live in PostgreSQL rather than the embedded SQLite file.</summary>
    public bool UsesPostgreSql => !string.IsNullOrWhiteSpace(PostgreSql);

    /// <summary>
    /// How often each node looks for due scheduled and recurring jobs and polls the job queue. Hangfire's 15 s default
    /// can start a recording half a minute late (schedule poll plus queue poll); 5 s costs one cheap query per poll.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A firing that would start later than this after its planned instant is recorded as missed and not run: a
    /// meeting recorded from its middle is worse than a visible gap. Must exceed two polling intervals.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MissedFiringTolerance { get; set; } = TimeSpan.FromSeconds(60);
}
