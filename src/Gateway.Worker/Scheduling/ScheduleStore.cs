using System.Text.Json;
using Gateway.Worker.Jobs;
using Hangfire.Storage;

namespace Gateway.Worker.Scheduling;

/// <summary>
/// Schedules live in Hangfire's job storage (SQLite file or the shared PostgreSQL database), so they survive restarts
/// and every node sees the same ones: a set lists the ids, a hash per schedule holds its definition, its ledger and
/// the Hangfire job id of a one-off. Ledger changes happen under a distributed lock per schedule.
/// </summary>
public sealed class ScheduleStore(JobStorageProvider storage)
{
    private const string SetKey = "gateway:schedules";
    private const string DefinitionField = "definition";
    private const string LedgerField = "ledger";
    private const string JobIdField = "jobId";

    /// <summary>Long enough to wait out another node's ledger update (milliseconds of work), short enough to fail a stuck one.</summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(15);

    public void Add(ScheduleDefinition definition)
    {
        using var connection = storage.Storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(HashKey(definition.Id), new Dictionary<string, string>
        {
            [DefinitionField] = JsonSerializer.Serialize(definition, ScheduleJson.Default.ScheduleDefinition),
            [LedgerField] = JsonSerializer.Serialize(new ScheduleLedger(), ScheduleJson.Default.ScheduleLedger),
        });
        transaction.AddToSet(SetKey, definition.Id, definition.CreatedAt.ToUnixTimeMilliseconds());
        transaction.Commit();
    }

    public void SetJobId(string id, string jobId)
    {
        using var connection = storage.Storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetRangeInHash(HashKey(id), [new(JobIdField, jobId)]);
        transaction.Commit();
    }

    public StoredSchedule? Get(string id)
    {
        using var connection = storage.Storage.GetConnection();
        return Read(connection, id);
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<StoredSchedule> List()
    {
        using var connection = storage.Storage.GetConnection();
        return connection.GetAllItemsFromSet(SetKey)
            .Select(id => Read(connection, id))
            .OfType<StoredSchedule>()
            .OrderByDescending(s => s.Definition.CreatedAt).ThenByDescending(s => s.Definition.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Removes the schedule; returns what it was (for its Hangfire job id), or null when unknown.</summary>
    public StoredSchedule? Remove(string id)
    {
        using var connection = storage.Storage.GetConnection();
        using var held = connection.AcquireDistributedLock(LockKey(id), LockTimeout);
        var stored = Read(connection, id);
        using var transaction = connection.CreateWriteTransaction();
        transaction.RemoveHash(HashKey(id));
        transaction.RemoveFromSet(SetKey, id);
        transaction.Commit();
        return stored;
    }

    /// <summary>
    /// Reads the ledger, applies <paramref name="change"/> and writes the result back, all under the schedule's
    /// distributed lock, so concurrent firings and audits on several nodes see each other's effects.
    /// Returns null (and changes nothing) when the schedule does not exist.
    /// </summary>
    public T? Update<T>(string id, Func<ScheduleDefinition, ScheduleLedger, (T Result, ScheduleLedger Ledger)> change) where T : struct
    {
        using var connection = storage.Storage.GetConnection();
        using var held = connection.AcquireDistributedLock(LockKey(id), LockTimeout);
        if (Read(connection, id) is not { } stored) return null;
        var (result, ledger) = change(stored.Definition, stored.Ledger);
        if (!ReferenceEquals(ledger, stored.Ledger))
        {
            using var transaction = connection.CreateWriteTransaction();
            transaction.SetRangeInHash(HashKey(id), [new(LedgerField, JsonSerializer.Serialize(ledger, ScheduleJson.Default.ScheduleLedger))]);
            transaction.Commit();
        }
        return result;
    }

    public IReadOnlyList<string> Ids()
    {
        using var connection = storage.Storage.GetConnection();
        return connection.GetAllItemsFromSet(SetKey).ToList();
    }

    private static StoredSchedule? Read(IStorageConnection connection, string id)
    {
        var fields = connection.GetAllEntriesFromHash(HashKey(id));
        if (fields is null || !fields.TryGetValue(DefinitionField, out var definitionJson)) return null;
        var definition = JsonSerializer.Deserialize(definitionJson, ScheduleJson.Default.ScheduleDefinition);
        if (definition is null) return null;
        var ledger = fields.TryGetValue(LedgerField, out var ledgerJson)
            ? JsonSerializer.Deserialize(ledgerJson, ScheduleJson.Default.ScheduleLedger) ?? new ScheduleLedger()
            : new ScheduleLedger();
        return new StoredSchedule(definition, ledger, fields.GetValueOrDefault(JobIdField));
    }

    private static string HashKey(string id) => "gateway:schedule:" + id;

    private static string LockKey(string id) => "gateway:schedule-lock:" + id;
}

/// <summary>A schedule as read from job storage.</summary>
public sealed record StoredSchedule(ScheduleDefinition Definition, ScheduleLedger Ledger, string? JobId);
