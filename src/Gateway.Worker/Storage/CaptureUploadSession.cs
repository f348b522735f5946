using Gateway.Pipelines.Storage;
using Microsoft.Extensions.Logging;
using Polly;

namespace Gateway.Worker.Storage;

/// <summary>
/// Stages a running capture's outputs while they grow: every <see cref="UploadSettings.PollInterval"/> each file is
/// checked and its new full blocks (or bytes older than the stage interval) go up. A failure never touches the
/// recording: the output shows "pending" with the error and staging tries again after a backoff. When the
/// recording ends, the background loop commits (<see cref="CaptureUploadJob"/>).
/// </summary>
internal sealed class CaptureUploadSession : ICaptureUpload
{
    private readonly string _captureId;
    private readonly IReadOnlyList<(int Index, string BlobName, GrowingFileUpload Upload)> _outputs;
    private readonly UploadManifestStore _manifests;
    private readonly UploadSettings _settings;
    private readonly ActiveRecordings _active;
    private readonly UploadRetryService _background;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly CancellationTokenSource _stop = new();
    private Task _follow = Task.CompletedTask;
    private int _finished;

    public CaptureUploadSession(string captureId, IReadOnlyList<(int Index, string BlobName, GrowingFileUpload Upload)> outputs,
        UploadManifestStore manifests, UploadSettings settings, ActiveRecordings active, UploadRetryService background,
        TimeProvider time, ILogger logger)
    {
        (_captureId, _outputs, _manifests, _settings, _active, _background, _time, _logger) =
            (captureId, outputs, manifests, settings, active, background, time, logger);
        _retry = UploadRetry.CreatePipeline(time, settings.QuickRetryDelay);
    }

    public void Start() => _follow = Task.Run(FollowAsync);

    public void RecordingFinished()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0) _ = Task.Run(FinishAsync);
    }

    private async Task FollowAsync()
    {
        await _manifests.SaveAsync(_captureId, _stop.Token).ConfigureAwait(false);
        int failures = 0;
        var showsError = new bool[_outputs.Count];
        var nextAttempt = _time.GetUtcNow();
        while (true)
        {
            await Task.Delay(_settings.PollInterval, _time, _stop.Token).ConfigureAwait(false);
            if (_time.GetUtcNow() < nextAttempt) continue;
            for (int i = 0; i < _outputs.Count; i++)
            {
                var (index, blobName, upload) = _outputs[i];
                try
                {
                    long before = upload.Progress.StagedBytes;
                    int staged = await _retry.ExecuteAsync(async token => await upload.StageAvailableAsync(token).ConfigureAwait(false), _stop.Token)
                        .ConfigureAwait(false);
                    UploadMetrics.BytesStaged.Add(upload.Progress.StagedBytes - before);
                    failures = 0;
                    if (staged == 0 && !showsError[i]) continue;
                    showsError[i] = false;
                    await Save(index, upload, UploadStates.Uploading, error: null, attempts: 0).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !_stop.IsCancellationRequested)
                {
                    // One account serves every output: all of them wait for the next attempt, and all say why.
                    failures++;
                    UploadMetrics.Failures.Add(1, new KeyValuePair<string, object?>("phase", "staging"));
                    var reason = UploadRetry.Describe(ex);
                    nextAttempt = _time.GetUtcNow() + _settings.BackoffAfter(failures);
                    _logger.StagingFailed(ex, _captureId, blobName, reason);
                    for (int j = 0; j < _outputs.Count; j++)
                    {
                        showsError[j] = true;
                        await Save(_outputs[j].Index, _outputs[j].Upload, UploadStates.Pending, reason, failures).ConfigureAwait(false);
                    }
                    break;
                }
            }
        }
    }

    private Task Save(int index, GrowingFileUpload upload, string state, string? error, int attempts) =>
        _manifests.UpdateAsync(_captureId, m => m.WithOutput(index,
            o => o with { State = state, Progress = upload.Progress, Error = error, FailedAttempts = attempts }), _stop.Token);

    private async Task FinishAsync()
    {
        using var activity = Telemetry.GatewayActivities.Source.StartActivity("capture.upload");
        activity?.SetTag(Telemetry.GatewayActivities.CaptureIdTag, _captureId);
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _follow.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the stop above: expected
        }
        catch (Exception ex)
        {
            // Progress of this run may be lost; the commit re-hashes the file and restages what the service lacks.
            _logger.ResumeCrashed(ex, _captureId);
        }
        try
        {
            await _manifests.UpdateAsync(_captureId, m =>
            {
                var updated = m with { RecordingFinished = true, NextAttemptAt = _time.GetUtcNow() };
                foreach (var (index, _, upload) in _outputs)
                    updated = updated.WithOutput(index, o => o with { Progress = upload.Progress, State = UploadStates.Pending });
                return updated;
            }, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _active.Remove(_captureId);
            _stop.Dispose();
            _background.Nudge(_captureId);
        }
    }
}
