using System.Diagnostics.CodeAnalysis;
using Gateway.Worker.Options;
using Gateway.Worker.Scheduling;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Worker.Jobs;

/// <summary>
/// The node's Hangfire job storage, created on first use: the embedded SQLite file in the data directory, or the
/// shared PostgreSQL database when <c>Gateway:Hangfire:PostgreSql</c> is set. A storage that cannot be opened (data
/// directory not writable, database down) does not stop the gateway: readiness reports it and creation is retried.
/// One instance per host, never Hangfire's static <c>JobStorage.Current</c>, so several gateways can share a process.
/// </summary>
public sealed class JobStorageProvider(
    IOptions<HangfireOptions> hangfire, IOptions<GatewayOptions> gateway, TimeProvider time, ILogger<JobStorageProvider> logger) : IDisposable
{
    /// <summary>A failed open is not retried sooner than this, so API calls do not each wait on a dead database.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private JobStorage? _storage;
    private DateTimeOffset _nextAttempt = DateTimeOffset.MinValue;

    /// <summary>"postgresql" or "sqlite".</summary>
    public string Kind => hangfire.Value.UsesPostgreSql ? "postgresql" : "sqlite";

    /// <summary>Why the last attempt failed; null once the storage is open.</summary>
    public string? LastError { get; private set; }

    /// <summary>The storage; throws <see cref="JobStorageUnavailableException"/> when it cannot be opened.</summary>
    public JobStorage Storage => TryGet(out var storage) ? storage : throw new JobStorageUnavailableException(Kind, LastError);

    public bool TryGet([NotNullWhen(true)] out JobStorage? storage)
    {
        lock (_gate)
        {
            if (_storage is null && time.GetUtcNow() >= _nextAttempt)
            {
                try
                {
                    _storage = Open();
                    LastError = null;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LastError = ex.Message;
                    _nextAttempt = time.GetUtcNow() + RetryAfter;
                    logger.StorageUnavailable(ex, Kind);
                }
            }
            storage = _storage;
            return storage is not null;
        }
    }

    public void Dispose()
    {
        lock (_gate) (_storage as IDisposable)?.Dispose();
    }

    private JobStorage Open()
    {
        JobsConfiguration.EnsureGlobalSettings();
        var options = hangfire.Value;
        if (options.UsesPostgreSql)
        {
            var postgres = new PostgreSqlStorageOptions
            {
                QueuePollInterval = options.PollingInterval,
                PrepareSchemaIfNecessary = true,
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(options.PostgreSql, postgres), postgres);
        }
        var directory = Path.GetFullPath(gateway.Value.DataDirectory);
        Directory.CreateDirectory(directory);
        return new SQLiteStorage(Path.Combine(directory, "hangfire.db"), new SQLiteStorageOptions { QueuePollInterval = options.PollingInterval });
    }
}

/// <summary>The job storage cannot be opened right now.</summary>
public sealed class JobStorageUnavailableException(string kind, string? reason)
    : Exception($"The {kind} job storage is unavailable: {reason ?? "unknown reason"}");
