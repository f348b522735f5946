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
}
