using Gateway.Worker.Captures;
using Gateway.Worker.Jobs;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Scheduling;

/// <summary>
/// Creates, lists and deletes schedules. A cron schedule is a Hangfire recurring job (id = schedule id) with
/// <see cref="MisfireHandlingMode.Ignorable"/>, so occurrences missed while no node ran are never triggered late; a
/// one-off is a Hangfire scheduled job. Both call <see cref="ScheduleFiringJob"/>, which claims each firing in the
/// schedule's ledger before creating the capture.
/// </summary>
public sealed class ScheduleManager(JobStorageProvider storage, ScheduleStore store, TimeProvider time, ILogger<ScheduleManager> logger)
{
    public const string IdPrefix = "s_";

    public ScheduleCreateOutcome Create(ScheduleSpec spec)
    {
        var now = time.GetUtcNow();
        var errors = ScheduleSpecValidator.Validate(spec, now, out var at);
        if (errors.Count > 0) return new ScheduleCreateOutcome.Invalid(errors);
        if (!storage.TryGet(out var jobStorage)) return new ScheduleCreateOutcome.StorageUnavailable();

        var definition = new ScheduleDefinition
        {
            Id = CaptureId.New(IdPrefix, now),
            Name = spec.Name,
            Cron = at is null ? spec.Cron!.Trim() : null,
            TimeZone = at is null && !string.IsNullOrEmpty(spec.TimeZone) ? spec.TimeZone : "UTC",
            At = at,
            DurationSeconds = spec.DurationSeconds!.Value,
            Capture = spec.Capture!,
            CreatedAt = now,
        };
        // The definition goes first: a firing that finds no definition does nothing.
        store.Add(definition);
        try
        {
            if (definition.At is { } instant)
            {
                var jobId = new BackgroundJobClient(jobStorage).Schedule<ScheduleFiringJob>(
                    job => job.FireAsync(definition.Id, instant, null, CancellationToken.None), instant);
                store.SetJobId(definition.Id, jobId);
            }
            else
            {
                new RecurringJobManager(jobStorage).AddOrUpdate<ScheduleFiringJob>(definition.Id,
                    job => job.FireAsync(definition.Id, null, null, CancellationToken.None), definition.Cron!,
                    new RecurringJobOptions
                    {
                        TimeZone = definition.ParseCron()!.Zone,
                        MisfireHandling = MisfireHandlingMode.Ignorable,
                    });
            }
        }
        catch
        {
            store.Remove(definition.Id);
            throw;
        }
        logger.ScheduleCreated(definition.Id, definition.Cron ?? definition.At!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return new ScheduleCreateOutcome.Created(ScheduleRecord.From(store.Get(definition.Id)!, now));
    }

    /// <summary>Null when the id is unknown.</summary>
    public ScheduleRecord? Get(string id) =>
        CaptureId.IsWellFormed(id, IdPrefix) && store.Get(id) is { } stored ? ScheduleRecord.From(stored, time.GetUtcNow()) : null;

    public IReadOnlyList<ScheduleRecord> List()
    {
        var now = time.GetUtcNow();
        return store.List().Select(s => ScheduleRecord.From(s, now)).ToList();
    }

    /// <summary>Stops future firings and forgets the schedule; captures it created are left alone. False when unknown.</summary>
    public bool Delete(string id)
    {
        if (!CaptureId.IsWellFormed(id, IdPrefix) || !storage.TryGet(out var jobStorage)) return false;
        if (store.Get(id) is null) return false;
        new RecurringJobManager(jobStorage).RemoveIfExists(id);
        if (store.Remove(id) is { JobId: { } jobId }) new BackgroundJobClient(jobStorage).Delete(jobId);
        logger.ScheduleDeleted(id);
        return true;
    }
}
