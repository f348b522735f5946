using System.Collections.Concurrent;
using Gateway.Worker.Logging;
using Gateway.Worker.Recording;
using Gateway.Worker.Sources;
using Gateway.Worker.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Captures;

/// <summary>
/// Creates, lists and stops captures. Running captures live in memory with their runner; every capture's record is
/// persisted, so finished ones are listed after a restart and ones that were running come back as interrupted.
/// </summary>
public sealed class CaptureManager(
    ICaptureStore store,
    IEnumerable<ICaptureSourceFactory> sourceFactories,
    IRecordingSinkFactory sinks,
    CaptureManagerOptions options,
    TimeProvider time,
    ILogger<CaptureManager> logger,
    ICaptureStorage? storage = null,
    Disk.DiskSpaceGuard? disk = null,
    ICaptureEvents? events = null,
    Microsoft.Extensions.Options.IOptions<Options.WebhookOptions>? webhooks = null,
    Sources.Rtp.HeldRtpPorts? heldPorts = null) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, CaptureRunner> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoredCapture> _finished = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ICaptureSourceFactory> _factories = sourceFactories.ToDictionary(f => f.Type, StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentCaptures, options.MaxConcurrentCaptures);
    private CaptureMetrics? _metrics;

    private CaptureMetrics Metrics => _metrics ??= new CaptureMetrics(() => _running.Values.Select(r => r.Snapshot()), () => List(null));

    public async Task<CreateOutcome> CreateAsync(CaptureSpec spec, string? scheduleId, CancellationToken cancellationToken)
    {
        var errors = CaptureSpecValidator.Validate(spec, storage?.AzureConfigured ?? false);
        if (spec.WebhookUrl is not null && errors.Count == 0 && (events is null || webhooks?.Value.Secret is not { Length: >= 16 }))
            errors["webhookUrl"] = ["Webhooks are signed: set Gateway:Webhooks:Secret (at least 16 characters) on the gateway first."];
        if (errors.Count > 0) return new CreateOutcome.Invalid(errors);
        if (!_factories.TryGetValue(spec.Source!.Type!, out var factory))
            return new CreateOutcome.Unsupported($"Source type '{spec.Source.Type}' is not available on this gateway yet.");
        if (spec.Outputs!.FirstOrDefault(o => !sinks.SupportedOutputs.Contains(o.Type!)) is { } unsupported)
            return new CreateOutcome.Unsupported($"Output type '{unsupported.Type}' is not available on this gateway yet.");
        if (disk is not null && !disk.CanStartCapture(out var diskReason)) return new CreateOutcome.InsufficientStorage(diskReason);
        if (!_slots.Wait(0)) return new CreateOutcome.AtCapacity(TimeSpan.FromSeconds(30));

        var id = CaptureId.New("c_", time.GetUtcNow());
        // The runner starts inside this activity, so the capture's own trace hangs under the API request.
        using var activity = Telemetry.GatewayActivities.Source.StartActivity("capture.create");
        activity?.SetTag(Telemetry.GatewayActivities.CaptureIdTag, id).SetTag("gateway.source.type", spec.Source.Type);
        ICaptureSource source;
        try
        {
            source = await factory.OpenAsync(id, spec.Source, cancellationToken).ConfigureAwait(false);
        }
        catch (SourceRejectedException ex)
        {
            _slots.Release();
            return new CreateOutcome.Invalid(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] });
        }
        catch
        {
            _slots.Release();
            throw;
        }

        var record = new CaptureRecord
        {
            Id = id,
            Name = spec.Name,
            State = CaptureState.Starting,
            CreatedAt = time.GetUtcNow(),
            Source = source.Status,
            Outputs = (spec.Outputs ?? []).Select(o => new OutputStatus { Type = o.Type! }).ToList(),
            ScheduleId = scheduleId,
        };
        try
        {
            // On disk before the 201: a capture the client was told about must survive a crash right after it.
            await store.SaveAsync(new StoredCapture(record with { Source = record.Source with { BearerToken = null } }, spec), cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            _slots.Release();
            throw;
        }
        var runner = new CaptureRunner(record, spec, source, sinks, store, options.Timeouts, time, logger, storage, events);
        _running[id] = runner;
        runner.Start();
        _ = runner.Completion.ContinueWith(_ => Retire(runner, spec), TaskScheduler.Default);
        return new CreateOutcome.Created(runner.Snapshot() with { Source = source.Status });
    }

    public CaptureRecord? Get(string id)
    {
        if (_running.TryGetValue(id, out var runner)) return Hide(runner.Snapshot());
        return _finished.TryGetValue(id, out var stored) ? Present(stored.Record) : null;
    }

    /// <summary>Newest first, optionally only those in <paramref name="state"/>.</summary>
    public IReadOnlyList<CaptureRecord> List(CaptureState? state) =>
        _running.Values.Select(r => Hide(r.Snapshot()))
            .Concat(_finished.Values.Select(s => Present(s.Record)))
            .Where(r => state is null || r.State == state)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>Idempotent: a finished or unknown capture is left as it is. False when the id is unknown.</summary>
    public bool Stop(string id)
    {
        if (_running.TryGetValue(id, out var runner))
        {
            runner.RequestStop(EndReason.Stopped);
            return true;
        }
        return _finished.ContainsKey(id);
    }

    /// <summary>The source of a running capture, when it has one of type <typeparamref name="T"/> (e.g. a WHIP ingest).</summary>
    public T? FindSource<T>(string id) where T : class =>
        _running.TryGetValue(id, out var runner) ? runner.Source as T : null;

    /// <summary>The folder where a capture's files are (for downloads).</summary>
    public string DirectoryFor(string id) => store.DirectoryFor(id);

    public void Dispose() => _metrics?.Dispose();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Metrics;
        // A nearly full disk ends every running capture while its files can still be finalized.
        if (disk is not null) disk.NearlyFull += reason => { foreach (var runner in _running.Values) runner.RequestStop(EndReason.Error, reason); };
        foreach (var stored in await store.LoadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (CaptureTransitions.IsFinal(stored.Record.State))
            {
                _finished[stored.Record.Id] = stored;
                continue;
            }
            // It was running when the gateway died: what was written is kept (fragmented MP4 stays playable).
            var settled = Settle(stored.Record);
            if (await TryResumeAsync(stored with { Record = settled }, cancellationToken).ConfigureAwait(false)) continue;
            logger.CaptureInterrupted(stored.Record.Id);
            var restored = stored with { Record = settled with { State = CaptureState.Completed, EndReason = EndReason.Interrupted, EndedAt = time.GetUtcNow() } };
            await store.SaveAsync(restored, cancellationToken).ConfigureAwait(false);
            _finished[restored.Record.Id] = restored;
        }
        heldPorts?.ReleaseUnclaimed();   // resumed sources took theirs
    }

    /// <summary>The files an interrupted run left: a part's moved to their final names, torn MP4 tails cut, all final.</summary>
    private CaptureRecord Settle(CaptureRecord record)
    {
        var directory = store.DirectoryFor(record.Id);
        var resumptions = record.Resumptions?.Select(r => r with { Outputs = ResumedParts.Collect(directory, r.Part, r.Outputs) }).ToList();
        var outputs = record.Outputs.Concat(resumptions?.SelectMany(r => r.Outputs) ?? []);
        // Repair first: it waits for an orphaned ffmpeg to leave the file at rest, so what is judged is final.
        RecordingRepair.Repair(record.Id, outputs.SelectMany(o => (o.Segments?.Select(s => s.Location) ?? []).Append(o.Location)).Distinct(), logger, options.FfmpegPath);
        return record with
        {
            Outputs = InterruptedOutputs.Settle(record.Outputs),
            Resumptions = resumptions?.Select(r => r with { Outputs = InterruptedOutputs.Settle(r.Outputs) }).ToList(),
        };
    }

    /// <summary>
    /// An rtp capture whose max duration has not passed listens again on the same ports and records into the next
    /// part (Gateway:ResumeCaptures). WHIP cannot: the publisher's DTLS and SRTP state died with the process.
    /// </summary>
    private async Task<bool> TryResumeAsync(StoredCapture stored, CancellationToken cancellationToken)
    {
        var record = stored.Record;
        if (!options.ResumeCaptures || stored.Spec.Source?.Type != "rtp" || record.Source.AnswerSdp is null) return false;
        var now = time.GetUtcNow();
        var remaining = options.Timeouts.MaxDuration(stored.Spec) - (now - (record.StartedAt ?? record.CreatedAt));
        if (remaining <= TimeSpan.Zero)
        {
            logger.ResumeFailed(record.Id, "its maxDuration has passed");
            return false;
        }
        if (!_factories.TryGetValue("rtp", out var factory) || !_slots.Wait(0)) return false;
        ICaptureSource source;
        try
        {
            // The answer carries the ports actually bound: senders keep sending there.
            source = await factory.OpenAsync(record.Id, stored.Spec.Source with { Sdp = record.Source.AnswerSdp }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SourceRejectedException or System.Net.Sockets.SocketException)
        {
            _slots.Release();
            logger.ResumeFailed(record.Id, ex.Message);
            return false;
        }
        var directory = store.DirectoryFor(record.Id);
        var interruptedAt = ResumedParts.LastWrite(directory, record.StartedAt ?? record.CreatedAt);
        var resumption = new CaptureResumption
        {
            Part = ResumedParts.Next(directory, record.Resumptions),
            InterruptedAt = interruptedAt,
            ResumedAt = now,
            GapSeconds = Math.Round(Math.Max(0, (now - interruptedAt).TotalSeconds), 3),
        };
        var resumed = record with { State = CaptureState.Starting, Resumptions = [.. record.Resumptions ?? [], resumption], Tracks = [] };
        var runner = new CaptureRunner(resumed, stored.Spec, source, sinks, store, options.Timeouts, time, logger, storage, events, remaining);
        _running[record.Id] = runner;
        logger.CaptureResumed(record.Id, resumption.Part, resumption.GapSeconds);
        runner.Start();
        _ = runner.Completion.ContinueWith(_ => Retire(runner, stored.Spec), TaskScheduler.Default);
        return true;
    }

    /// <summary>Shutdown (SIGTERM): every running capture is stopped and finalized so its files are complete.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var runners = _running.Values.ToList();
        foreach (var runner in runners) runner.RequestStop(EndReason.Stopped);
        await Task.WhenAll(runners.Select(r => r.Completion)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Retire(CaptureRunner runner, CaptureSpec spec)
    {
        var final = Hide(runner.Snapshot());
        Metrics.OnFinished(final);            // before it leaves the running set, so the totals never dip
        _finished[runner.Id] = new StoredCapture(final, spec);
        _running.TryRemove(runner.Id, out _);
        _slots.Release();
    }

    /// <summary>Uploads go on after a capture ended: its outputs show their current upload state.</summary>
    private CaptureRecord Present(CaptureRecord record) =>
        storage is null ? record : record with { Outputs = storage.Present(record.Id, record.Outputs) };

    private static CaptureRecord Hide(CaptureRecord record) =>
        record.Source.BearerToken is null ? record : record with { Source = record.Source with { BearerToken = null } };
}

public sealed record CaptureManagerOptions
{
    public int MaxConcurrentCaptures { get; init; } = 100;

    /// <summary>Gateway:FFmpegPath, for settling unfinished files at start.</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>Gateway:ResumeCaptures: rtp captures running when the gateway died continue after a restart.</summary>
    public bool ResumeCaptures { get; init; } = true;

    public CaptureTimeouts Timeouts { get; init; } = new();
}
