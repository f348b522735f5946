using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Storage;

/// <summary>
/// The background upload loop: at start it reads every <c>upload.json</c> (uploads a restart interrupted), then
/// runs <see cref="CaptureUploadJob.ResumeAsync"/> for each unfinished capture that is not recording and whose
/// backoff has passed; a finished recording wakes it at once. One upload at a time, so a long outage costs one
/// waiting attempt, not one per capture.
/// </summary>
public sealed class UploadRetryService(
    UploadManifestStore manifests,
    CaptureUploadJob job,
    ActiveRecordings active,
    UploadSettings settings,
    TimeProvider time,
    ILogger<UploadRetryService> logger) : BackgroundService
{
    private readonly Channel<string> _nudges = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Wakes the loop (a recording ended); the capture's manifest says what to do.</summary>
    public void Nudge(string captureId) => _nudges.Writer.TryWrite(captureId);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the API serves: resources of finished captures show their upload state from the first request.
        await manifests.LoadAllAsync(cancellationToken).ConfigureAwait(false);
        int unfinished = manifests.All().Count(m => !m.IsDone);
        if (unfinished > 0) logger.UploadsResuming(unfinished);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var manifest in manifests.All())
            {
                if (manifest.IsDone || active.Contains(manifest.CaptureId) || manifest.NextAttemptAt > time.GetUtcNow()) continue;
                try
                {
                    await job.ResumeAsync(manifest.CaptureId, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    logger.ResumeCrashed(ex, manifest.CaptureId);
                }
            }
            await WaitForWorkAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var nudged = _nudges.Reader.WaitToReadAsync(wait.Token).AsTask();
        var ticked = Task.Delay(settings.PollInterval, time, wait.Token);
        await Task.WhenAny(nudged, ticked).ConfigureAwait(false);
        await wait.CancelAsync().ConfigureAwait(false);
        while (_nudges.Reader.TryRead(out _)) { }
        try
        {
            await Task.WhenAll(nudged, ticked).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the loser of the race, cancelled above
        }
    }
}
