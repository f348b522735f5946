using Gateway.Worker.Jobs;
using Gateway.Worker.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Worker.Scheduling;

/// <summary>
/// Records firings that no node ran: at start (the gateway was down) and then periodically (Hangfire skipped an
/// occurrence that its poll saw too late). Every node runs it; the per-schedule lock and the ledger's watermark make
/// concurrent audits record each missed firing once.
/// </summary>
public sealed class MissedFiringAuditor(
    JobStorageProvider storage, ScheduleStore store, IOptions<HangfireOptions> options, TimeProvider time, ILogger<MissedFiringAuditor> logger)
    : BackgroundService
{
    /// <summary>Half the tolerance: a missed firing shows within 1.5 tolerances of its planned time.</summary>
    public TimeSpan Interval => TimeSpan.FromTicks(Math.Clamp(options.Value.MissedFiringTolerance.Ticks / 2,
        TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(30).Ticks));

    /// <summary>One pass over every schedule; returns how many missed firings it recorded.</summary>
    public int AuditOnce()
    {
        var recorded = 0;
        foreach (var id in store.Ids())
        {
            recorded += store.Update(id, (definition, ledger) =>
            {
                var audited = FiringLedger.Audit(definition, ledger, time.GetUtcNow(), options.Value.MissedFiringTolerance);
                var added = (int)(audited.MissedCount - ledger.MissedCount);
                foreach (var firing in audited.Firings.Take(Math.Min(added, audited.Firings.Count)))
                    logger.FiringMissed(id, firing.At);
                return (added, added > 0 ? audited : ledger);
            }) ?? 0;
        }
        return recorded;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            if (!storage.TryGet(out _)) continue;
            try
            {
                AuditOnce();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.AuditFailed(ex);   // storage hiccup: the next pass catches up, the watermark keeps it exact
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
