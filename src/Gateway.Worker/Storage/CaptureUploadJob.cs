using Gateway.Pipelines.Storage;
using Microsoft.Extensions.Logging;
using Polly;

namespace Gateway.Worker.Storage;

/// <summary>
/// Finishes a capture's uploads once its recording is over: for each output, stage what is missing, commit, verify
/// (<see cref="GrowingFileUpload.CompleteAsync"/>), then delete the local copy. A failed attempt is recorded in
/// <c>upload.json</c> with its backoff and retried by <see cref="UploadRetryService"/>; the entry point is safe to
/// call again at any time (after a crash too), which is all a job engine needs to run it.
/// </summary>
public sealed class CaptureUploadJob(
    UploadManifestStore manifests,
    IBlobTargetFactory blobs,
    UploadSettings settings,
    ActiveRecordings active,
    TimeProvider time,
    ILogger<CaptureUploadJob> logger)
{
    private readonly ResiliencePipeline _retry = UploadRetry.CreatePipeline(time, settings.QuickRetryDelay);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    /// <returns>True when nothing is left to do for this capture (every output uploaded, failed for good, or none).</returns>
    public Task<bool> ResumeAsync(string captureId, CancellationToken cancellationToken) =>
        Telemetry.JobMetrics.MeasureAsync("upload.resume", () => ResumeOnceAsync(captureId, cancellationToken));

    private async Task<bool> ResumeOnceAsync(string captureId, CancellationToken cancellationToken)
    {
        var manifest = manifests.Get(captureId);
        if (manifest is null) return true;
        if (active.Contains(captureId)) return false;   // still recording here: its session stages the blocks
        // One run per capture at a time, however many callers (the loop, a job engine retrying the same job).
        if (!_running.TryAdd(captureId, 0)) return false;
        using var activity = Telemetry.GatewayActivities.Source.StartActivity("capture.upload");
        activity?.SetTag(Telemetry.GatewayActivities.CaptureIdTag, captureId);
        try
        {
            // The recording is over: an hls output's segments are final and join its playlist's upload.
            if (!ReferenceEquals(HlsUploads.WithFolderFiles(manifest), manifest))
                manifest = await manifests.UpdateAsync(captureId, HlsUploads.WithFolderFiles, cancellationToken).ConfigureAwait(false);
            foreach (var output in manifest.Outputs.Where(o => !o.IsDone).ToList())
            {
                await UploadAsync(captureId, manifest.Container, output, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _running.TryRemove(captureId, out _);
        }
        return manifests.Get(captureId)?.IsDone ?? true;
    }

    private async Task UploadAsync(string captureId, string container, OutputUpload output, CancellationToken cancellationToken)
    {
        if (!File.Exists(output.LocalPath))
        {
            await HandleMissingFileAsync(captureId, output, cancellationToken).ConfigureAwait(false);
            return;
        }
        await SetAsync(captureId, output.Index, o => o with { State = UploadStates.Uploading }, cancellationToken).ConfigureAwait(false);
        var upload = new GrowingFileUpload(output.LocalPath, blobs.Open(container, output.BlobName), settings.Staging, time, output.Progress);
        UploadResult result;
        try
        {
            result = await _retry.ExecuteAsync(async token => await upload.CompleteAsync(output.ContentType, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await SetAsync(captureId, output.Index, o => o with { State = UploadStates.Pending, Progress = upload.Progress }, CancellationToken.None)
                .ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            UploadMetrics.Failures.Add(1, new KeyValuePair<string, object?>("phase", "commit"));
            int attempts = output.FailedAttempts + 1;
            var delay = settings.BackoffAfter(attempts);
            var reason = UploadRetry.Describe(ex);
            logger.UploadFailed(ex, captureId, output.BlobName, attempts, delay, reason);
            await manifests.UpdateAsync(captureId, m => (m with { NextAttemptAt = time.GetUtcNow() + delay }).WithOutput(output.Index,
                o => o with { State = UploadStates.Pending, Progress = upload.Progress, Error = reason, FailedAttempts = attempts }),
                CancellationToken.None).ConfigureAwait(false);
            return;
        }

        // Recorded as uploaded before the local copy goes: a crash in between leaves a file to delete, never a lost one.
        await SetAsync(captureId, output.Index, o => o with
        {
            State = UploadStates.Uploaded, Progress = upload.Progress, Error = null, FailedAttempts = 0,
            BlobUrl = result.BlobUri.AbsoluteUri, Bytes = result.Length,
        }, CancellationToken.None).ConfigureAwait(false);
        logger.Uploaded(captureId, output.BlobName, result.Length, result.Restaged);
        UploadMetrics.Verified.Add(1);
        UploadMetrics.BytesStaged.Add(Math.Max(0, result.Length - output.Progress.StagedBytes));
        if (settings.KeepLocalCopy) return;
        File.Delete(output.LocalPath);
        await SetAsync(captureId, output.Index, o => o with { LocalCopyDeleted = true }, CancellationToken.None).ConfigureAwait(false);
        logger.LocalCopyDeleted(captureId, output.LocalPath);
    }

    /// <summary>
    /// No file and nothing staged: the sink never wrote this output (skipped: H.264 into WebM), so there is nothing to
    /// upload and the output leaves the manifest. Otherwise the file vanished before its upload: that is final.
    /// </summary>
    private async Task HandleMissingFileAsync(string captureId, OutputUpload output, CancellationToken cancellationToken)
    {
        if (output.Progress.Blocks.Count == 0)
        {
            await manifests.UpdateAsync(captureId, m => m with { Outputs = m.Outputs.Where(o => o.Index != output.Index).ToList() },
                cancellationToken).ConfigureAwait(false);
            return;
        }
        logger.LocalFileMissing(captureId, output.LocalPath);
        await SetAsync(captureId, output.Index, o => o with { State = UploadStates.Failed, Error = "The local file is missing" },
            cancellationToken).ConfigureAwait(false);
    }

    private Task SetAsync(string captureId, int index, Func<OutputUpload, OutputUpload> change, CancellationToken cancellationToken) =>
        manifests.UpdateAsync(captureId, m => m.WithOutput(index, change), cancellationToken);
}
