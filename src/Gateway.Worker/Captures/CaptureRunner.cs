using Gateway.Pipelines.Media;
using Gateway.Worker.Logging;
using Gateway.Worker.Recording;
using Gateway.Worker.Sources;
using Gateway.Worker.Storage;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Captures;

/// <summary>
/// Runs one capture through its states (API.md): the source is already open when the runner starts; the recording sink
/// starts with the first frame; the end (stop, max duration, silent source, failure) always finalizes what was written.
/// </summary>
public sealed class CaptureRunner : IFrameTarget
{
    private readonly CaptureSpec _spec;
    private readonly ICaptureSource _source;
    private readonly IRecordingSinkFactory _sinks;
    private readonly ICaptureStore _store;
    private readonly CaptureTimeouts _timeouts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ICaptureStorage? _storage;
    private readonly ICaptureEvents? _events;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _saving = new(1, 1);
    private CaptureRecord _record;
    private IRecordingSink? _sink;
    private System.Diagnostics.Activity? _activity;
    private ICaptureUpload? _upload;
    private EndReason? _requestedEnd;
    private string? _requestedError;
    private readonly int? _part;                                   // resumed after a restart: writes part n
    private readonly TimeSpan? _maxDuration;
    private IReadOnlyList<OutputStatus>? _partOutputs;             // the part's files once moved to their final names

    public CaptureRunner(CaptureRecord record, CaptureSpec spec, ICaptureSource source, IRecordingSinkFactory sinks,
        ICaptureStore store, CaptureTimeouts timeouts, TimeProvider time, ILogger logger, ICaptureStorage? storage = null,
        ICaptureEvents? events = null, TimeSpan? maxDuration = null)
    {
        (_record, _spec, _source, _sinks, _store, _timeouts, _time, _logger) = (record, spec, source, sinks, store, timeouts, time, logger);
        _storage = storage;
        _events = events;
        _part = record.Resumptions?.LastOrDefault()?.Part;
        _maxDuration = maxDuration;
        Completion = Task.CompletedTask;
    }

    public string Id => _record.Id;

    /// <summary>The capture's source (the WHIP endpoint reaches its publisher side through it).</summary>
    public ICaptureSource Source => _source;

    /// <summary>Finishes when the capture reached completed or failed and its record is saved.</summary>
    public Task Completion { get; private set; }

    public void Start() => Completion = Task.Run(RunAsync);

    /// <summary>Asks the capture to end (idempotent); the first reason given wins. <paramref name="error"/> says why
    /// when the gateway itself ends it (e.g. the disk is nearly full).</summary>
    public void RequestStop(EndReason reason, string? error = null)
    {
        lock (_gate)
        {
            if (_requestedEnd is null) (_requestedEnd, _requestedError) = (reason, error);
        }
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the capture has already finished: stopping it is a no-op
        }
    }

    /// <summary>The resource as it is now, with live counters.</summary>
    public CaptureRecord Snapshot()
    {
        CaptureRecord record;
        IRecordingSink? sink;
        lock (_gate) (record, sink) = (_record, _sink);
        var tracks = _source.SnapshotTracks();
        if (sink is not null)
        {
            tracks = tracks.Select((t, i) =>
            {
                var (written, dropped) = sink.TrackCounters(i);
                return t with { FramesWritten = written, FramesDropped = t.FramesDropped + dropped };
            }).ToList();
        }
        if (_part is not null)
        {
            // A resumed capture: the outputs before the restart stay as they were; this run's files are the last part.
            IReadOnlyList<OutputStatus>? partOutputs;
            lock (_gate) partOutputs = _partOutputs;
            partOutputs ??= sink?.SnapshotOutputs();
            var resumptions = record.Resumptions!;
            if (partOutputs is not null) resumptions = [.. resumptions.Take(resumptions.Count - 1), resumptions[^1] with { Outputs = partOutputs }];
            return record with { Tracks = tracks, Resumptions = resumptions };
        }
        var outputs = sink?.SnapshotOutputs() ?? record.Outputs;
        return record with { Tracks = tracks, Outputs = _storage?.Present(record.Id, outputs) ?? outputs };
    }

    void IFrameTarget.Write(EncodedFrame frame)
    {
        var sink = _sink;
        if (sink is null)
        {
            lock (_gate)
            {
                if (_sink is null && _record.State == CaptureState.Waiting)
                {
                    var directory = _store.DirectoryFor(_record.Id);
                    if (_part is { } part) directory = ResumedParts.Folder(directory, part);   // never over the files before
                    // A room's participants come and go: its source makes the sink that follows the layout.
                    _sink = _source is IParticipantSource participants
                        ? participants.CreateRecordingSink(_record.Id, directory, _sinks, _spec)
                        : _sinks.Create(_record.Id, directory, _source.Tracks, _spec.Outputs ?? []);
                    _sink.SubscribeKeyFrameWanted(_source.RequestKeyFrame);   // a restarted ffmpeg starts at a key frame
                    _upload = _storage?.BeginRecording(_record.Id, _spec, _sink);   // cloud storage: staged while recording
                    _record = _record with { StartedAt = _record.StartedAt ?? _time.GetUtcNow() };
                    MoveTo(CaptureState.Recording);
                }
                sink = _sink;
            }
        }
        if (sink is null) frame.Dispose();   // stopping: nothing takes new frames
        else sink.Write(frame);
    }

    private async Task RunAsync()
    {
        // Every log line of this capture's source, sink and upload (their tasks start from here) carries its id.
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["CaptureId"] = Id });
        using var activity = Telemetry.GatewayActivities.Source.StartActivity("capture");
        activity?.SetTag(Telemetry.GatewayActivities.CaptureIdTag, Id);
        _activity = activity;
        var endReason = EndReason.SourceEnded;
        string? error = null;
        await using (var owned = new ResourceStack())
        {
            owned.Push(_source);
            MoveTo(CaptureState.Waiting);
            using var maxDuration = new CancellationTokenSource(_maxDuration ?? _timeouts.MaxDuration(_spec), _time);
            await using var onMax = maxDuration.Token.Register(() => RequestStop(EndReason.MaxDuration));
            using var watching = new CancellationTokenSource();
            var watch = OutputFailureWatch.RunAsync(() => Volatile.Read(ref _sink), reason => RequestStop(EndReason.Error, reason), _time, watching.Token);
            try
            {
                endReason = await _source.RunAsync(this, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                lock (_gate) (endReason, error) = (_requestedEnd ?? EndReason.Stopped, _requestedError);
            }
            catch (Exception ex)
            {
                _logger.CaptureFailed(ex, Id, _record.State);
                (endReason, error) = (EndReason.Error, ex.Message);
            }

            await watching.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
            IRecordingSink? sink;
            lock (_gate)
            {
                MoveTo(CaptureState.Stopping);
                sink = _sink;
            }
            if (sink is not null)
            {
                owned.Push(sink);
                // A fresh budget: the stop token has fired already, and the trailer must still be written.
                using var budget = new CancellationTokenSource(_timeouts.Finalize, _time);
                try
                {
                    await sink.FinalizeAsync(budget.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    _logger.FinalizeFailed(ex, Id, _store.DirectoryFor(Id));
                    (endReason, error) = (EndReason.Error, error ?? $"Finalizing outputs failed: {ex.Message}");
                }
            }
            else if (endReason != EndReason.Error && _part is null)
            {
                error = "No media arrived; nothing was recorded.";
            }
        }
        if (_part is { } finishedPart && _sink is { } partSink)
        {
            var collected = ResumedParts.Collect(_store.DirectoryFor(Id), finishedPart, partSink.SnapshotOutputs());
            lock (_gate) _partOutputs = collected;
        }
        var final = Snapshot();
        // An output ffmpeg could not finish (disk full) may end in a torn fragment: cut it off before anything reads it.
        RecordingRepair.Repair(Id, CurrentOutputs(final).Where(o => o.State == "failed")
            .SelectMany(o => (o.Segments?.Select(s => s.Location) ?? []).Append(o.Location)).Distinct(), _logger);
        _upload?.RecordingFinished();   // the files are final (ffmpeg exited): commit and verify in the background

        var failed = endReason == EndReason.Error || CurrentOutputs(final).Any(o => o.State == "failed");
        lock (_gate)
        {
            _record = final with { EndedAt = _time.GetUtcNow(), EndReason = endReason, Error = error ?? FirstOutputError(final) };
            MoveTo(failed ? CaptureState.Failed : CaptureState.Completed);
        }
        _logger.CaptureEnded(Id, endReason);
        activity?.SetTag("gateway.capture.end_reason", endReason.ToString());
        if (failed) activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, _record.Error);
        await SaveAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private string? FirstOutputError(CaptureRecord record) => CurrentOutputs(record).FirstOrDefault(o => o.Error is not null)?.Error;

    /// <summary>The outputs this run writes: the record's own, or a resumed capture's last part.</summary>
    private IReadOnlyList<OutputStatus> CurrentOutputs(CaptureRecord record) =>
        _part is null ? record.Outputs : record.Resumptions?.LastOrDefault()?.Outputs ?? [];

    private void MoveTo(CaptureState next)
    {
        lock (_gate)
        {
            var from = _record.State;
            if (!CaptureTransitions.IsAllowed(from, next)) throw new InvalidOperationException($"Capture {Id}: {from} -> {next} is not allowed");
            _record = _record with { State = next };
            _logger.StateChanged(Id, from, next);
            _events?.StateChanged(_record, from, _spec);
            _activity?.AddEvent(new System.Diagnostics.ActivityEvent("state." + next.ToString().ToLowerInvariant()));
        }
        if (!CaptureTransitions.IsFinal(next)) _ = SaveAsync();   // the final save is awaited by RunAsync
    }

    /// <summary>
    /// Saves are serialized and each one snapshots the record only once it holds the gate, so a late save can never
    /// overwrite a newer state with an older one.
    /// </summary>
    private async Task SaveAsync()
    {
        await _saving.WaitAsync().ConfigureAwait(false);
        try
        {
            var snapshot = Snapshot();
            snapshot = snapshot with { Source = snapshot.Source with { BearerToken = null } };
            await _store.SaveAsync(new StoredCapture(snapshot, _spec), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.SaveFailed(ex, Id);
        }
        finally
        {
            _saving.Release();
        }
    }
}
