using Gateway.Worker.Captures;
using Gateway.Worker.Options;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Worker.Scheduling;

/// <summary>
/// The Hangfire job behind every firing. Thin, as Hangfire jobs should be: find the planned instant, claim it in the
/// schedule's ledger (so it runs at most once across nodes, redeliveries and retries), create the capture, record
/// the outcome. Never retried by Hangfire: a retry would be a late firing.
/// </summary>
public sealed class ScheduleFiringJob(
    ScheduleStore store, CaptureManager captures, IOptions<HangfireOptions> options, TimeProvider time, ILogger<ScheduleFiringJob> logger)
{
    /// <summary>The job parameter Hangfire's recurring scheduler sets to the occurrence it triggers (Unix seconds).</summary>
    private const string RecurringTimeParameter = "Time";

    /// <param name="scheduleId">The schedule.</param>
    /// <param name="plannedAt">One-offs: the planned instant. Null for recurring firings: Hangfire's "Time" parameter says.</param>
    /// <param name="context">Supplied by Hangfire when the job runs.</param>
    /// <param name="cancellationToken">Supplied by Hangfire: the server is shutting down.</param>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [JobDisplayName("Schedule {0}")]
    public async Task FireAsync(string scheduleId, DateTimeOffset? plannedAt, PerformContext? context, CancellationToken cancellationToken)
    {
        var planned = plannedAt ?? PlannedByRecurringScheduler(context);
        if (planned is not { } at)
        {
            logger.FiringWithoutTime(context?.BackgroundJob?.Id, scheduleId);
            return;
        }
        await Telemetry.JobMetrics.MeasureAsync("schedule.firing", () => FireOnceAsync(scheduleId, at, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Claims and runs the firing planned at <paramref name="plannedAt"/>.</summary>
    public async Task<FiringDecision> FireOnceAsync(string scheduleId, DateTimeOffset plannedAt, CancellationToken cancellationToken)
    {
        // Hangfire keeps schedule times in whole seconds (and node clocks differ a little): a job can start up to a
        // second before its instant. A recording must not start before its time.
        var early = plannedAt - time.GetUtcNow();
        if (early > TimeSpan.Zero && early <= options.Value.MissedFiringTolerance)
            await Task.Delay(early, time, cancellationToken).ConfigureAwait(false);
        CaptureSpec? spec = null;
        var decision = store.Update(scheduleId, (definition, ledger) =>
        {
            var (decided, updated) = FiringLedger.Claim(definition, ledger, plannedAt, time.GetUtcNow(), options.Value.MissedFiringTolerance);
            spec = definition.CaptureForFiring();
            return (decided, updated);
        }) ?? FiringDecision.Unknown;

        if (decision == FiringDecision.Late) logger.FiringMissed(scheduleId, plannedAt);
        if (decision != FiringDecision.Fire || spec is null)
        {
            if (decision != FiringDecision.Late) logger.FiringSkipped(scheduleId, plannedAt, decision);
            return decision;
        }

        var (outcome, captureId, error) = await CreateCaptureAsync(scheduleId, plannedAt, spec, cancellationToken).ConfigureAwait(false);
        store.Update(scheduleId, (_, ledger) => (true, FiringLedger.Complete(ledger, plannedAt, outcome, captureId, error)));
        return decision;
    }

    private async Task<(string Outcome, string? CaptureId, string? Error)> CreateCaptureAsync(
        string scheduleId, DateTimeOffset plannedAt, CaptureSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            switch (await captures.CreateAsync(spec, scheduleId, cancellationToken).ConfigureAwait(false))
            {
                case CreateOutcome.Created(var capture):
                    logger.FiringStarted(scheduleId, plannedAt, capture.Id);
                    return (FiringOutcome.Started, capture.Id, null);
                case CreateOutcome.AtCapacity:
                    return Failed("atCapacity: the gateway was running as many captures as Gateway:MaxConcurrentCaptures allows.");
                case CreateOutcome.Invalid(var errors):
                    return Failed("invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
                case CreateOutcome.Unsupported(var detail):
                    return Failed("unsupported: " + detail);
                case CreateOutcome.InsufficientStorage(var detail):
                    return Failed("insufficientStorage: " + detail);
                default:
                    return Failed("unknown outcome");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Recorded on the schedule and logged once here; rethrowing would only make Hangfire log it again.
            logger.FiringError(ex, scheduleId, plannedAt);
            return (FiringOutcome.Failed, null, "error: " + ex.Message);
        }

        (string, string?, string?) Failed(string reason)
        {
            logger.FiringFailed(scheduleId, plannedAt, reason);
            return (FiringOutcome.Failed, null, reason);
        }
    }

    private static DateTimeOffset? PlannedByRecurringScheduler(PerformContext? context) =>
        context?.GetJobParameter<long?>(RecurringTimeParameter, allowStale: true) is { } seconds
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
