using FFMpegCore;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Containers.Matroska;
using Gateway.Pipelines.Media;

namespace Gateway.Pipelines.Sinks;

/// <summary>The sink's single task: wait for the tracks, start ffmpeg, mux until the queue completes.</summary>
public sealed partial class FfmpegSink
{
    private async Task RunAsync()
    {
        try
        {
            if (!await WaitForTracksAsync().ConfigureAwait(false))
            {
                if (!_kill.IsCancellationRequested) _logger.NoMedia(_options.Name);
                SetPendingOutputs(RecordingOutputState.Failed, "no media arrived");
                return;
            }
            var fileTracks = BuildTracks();
            _logger.TracksStarted(_options.Name, fileTracks.Count, _codecs.Count);
            var fileCodecs = fileTracks.Select(t => _codecs[t.Index]).ToList();
            var matroskaTracks = fileTracks.Select(t => t.Track).ToList();

            var runnable = new List<(int Output, string Arguments)>();
            for (int i = 0; i < _options.Outputs.Count; i++)
            {
                var (arguments, skipReason) = FfmpegOutputPlan.For(_options.Outputs[i], fileCodecs);
                if (arguments is null)
                {
                    _logger.OutputSkipped(_options.Name, _options.Outputs[i].Kind, skipReason!);
                    SetState(i, RecordingOutputState.Skipped, skipReason);
                }
                else
                {
                    runnable.Add((i, arguments));
                }
            }
            if (runnable.Count == 0 || _kill.IsCancellationRequested) return;
            if (runnable.Count == 1 && _options.NativeMp4
                && NativeMp4Plan.For(_options.Outputs[runnable[0].Output], fileCodecs, fileTracks.Select(t => _gate.CodecPrivate[t.Index]!).ToList()) is { } mp4)
            {
                await RunNativeAsync(runnable[0].Output, mp4, fileTracks.Select(t => t.Index).ToList()).ConfigureAwait(false);
                return;
            }
            await SuperviseAsync(runnable, matroskaTracks, fileTracks.Select(t => t.Index).ToList()).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Reported, not rethrown: the capture reads the Failed state, and partial files are kept.
            _logger.RecordingFailed(exception, _options.Name);
            SetPendingOutputs(RecordingOutputState.Failed, exception.Message);
            SetWritingOutputs(RecordingOutputState.Failed, exception.Message);
            SetOutputs(RecordingOutputState.Restarting, RecordingOutputState.Failed, exception.Message);
        }
        finally
        {
            _queue.Complete();
            _gate.DisposeHeld();
            _queue.DisposeRemaining();
        }
    }

    /// <summary>
    /// Runs ffmpeg until the queue is drained; when it dies mid-capture, starts it again after a backoff (a new file
    /// per output, from the next key frame), unless the disk is full or the restart budget is spent.
    /// </summary>
    private async Task SuperviseAsync(List<(int Output, string Arguments)> runnable, List<MatroskaTrack> tracks, List<int> trackIndexes)
    {
        var budget = new RestartBudget(_options.Restart, _time);
        string target = _options.Outputs[runnable[0].Output].Kind == RecordingOutputKind.Rtmp ? "rtmp" : "file";
        for (int run = 1; ; run++)
        {
            _muxer = new MatroskaWriter(tracks);
            if (run > 1)
            {
                var inFile = new bool[_codecs.Count];
                foreach (int index in trackIndexes) inFile[index] = true;
                _resume = new KeyFrameResume(_codecs, inFile);
                KeyFrameWanted?.Invoke();
            }
            var (success, exitCode) = await RunFfmpegAsync(runnable, run).ConfigureAwait(false);
            if (success && !_kill.IsCancellationRequested)
            {
                _logger.FfmpegExited(_options.Name, exitCode);
                SetWritingOutputs(RecordingOutputState.Completed, null);
                return;
            }
            if (run > 1 && !_lastRunWroteFrames && _queue.Reader.Completion.IsCompleted && !_kill.IsCancellationRequested)
            {
                // The capture ended before a key frame reached the restarted ffmpeg: it had nothing to write (its empty
                // file is gone), and the files before it are final and playable.
                _logger.FfmpegExited(_options.Name, exitCode);
                SetWritingOutputs(RecordingOutputState.Completed, null);
                return;
            }
            string tail = StandardErrorTail();
            _logger.FfmpegFailed(_options.Name, exitCode, tail);
            string? final = _kill.IsCancellationRequested ? "ffmpeg was killed"
                : tail.Contains("No space left on device", StringComparison.Ordinal) ? $"No space left on device (ffmpeg exited with {exitCode}): {tail}"
                : _queue.Reader.Completion.IsCompleted ? $"ffmpeg exited with {exitCode}: {tail}"     // nothing left to write
                : _finalizing.IsCancellationRequested && !_options.Restart.WhileFinalizing ? $"ffmpeg exited with {exitCode} as the capture ended: {tail}"
                : null;
            var backoff = final is null ? budget.OnFailure() : null;

            if (final is null && backoff is null)
                final = $"ffmpeg failed {budget.RecentFailures} times within {_options.Restart.Window.TotalSeconds:0} s; last exit {exitCode}: {tail}";
            if (final is not null)
            {
                SetWritingOutputs(RecordingOutputState.Failed, final);
                return;
            }
            _logger.FfmpegRestarting(_options.Name, exitCode, backoff!.Value.TotalMilliseconds, budget.RecentFailures);
            FfmpegMetrics.Restarts.Add(1, new KeyValuePair<string, object?>("target", target));
            SetWritingOutputs(RecordingOutputState.Restarting, $"ffmpeg exited with {exitCode}: {tail}");
            using var pause = _options.Restart.WhileFinalizing ? null : CancellationTokenSource.CreateLinkedTokenSource(_kill.Token, _finalizing.Token);
            try
            {
                await Task.Delay(backoff.Value, _time, pause?.Token ?? _kill.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                SetOutputs(RecordingOutputState.Restarting, RecordingOutputState.Failed,
                    _kill.IsCancellationRequested ? "ffmpeg was killed" : $"the capture ended while restarting; last exit {exitCode}: {tail}");
                return;
            }
        }
    }

    /// <returns>False when nothing can be recorded: no track started before finalize, or the sink is disposed.</returns>
    private async Task<bool> WaitForTracksAsync()
    {
        var reader = _queue.Reader;
        while (!_gate.ShouldOpen)
        {
            var remaining = _gate.Remaining;
            using var timeout = remaining == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(remaining, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_kill.Token, timeout?.Token ?? default);
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true)
            {
                continue;                                  // the gate now opens with the tracks that started
            }
            catch (OperationCanceledException) when (_kill.IsCancellationRequested)
            {
                return false;
            }
            if (_kill.IsCancellationRequested) return false;
            if (!more) return _gate.StartedCount > 0;      // finalized early: record the tracks we have
            while (!_gate.ShouldOpen && reader.TryRead(out var frame))
            {
                _queue.OnRead(frame);
                _gate.Offer(frame);
            }
        }
        return true;
    }

    private List<(int Index, MatroskaTrack Track)> BuildTracks()
    {
        var tracks = new List<(int, MatroskaTrack)>();
        for (int index = 0; index < _codecs.Count; index++)
        {
            if (_gate.CodecPrivate[index] is not { } codecPrivate) continue;
            var codec = _codecs[index];
            int number = tracks.Count + 1;
            _trackNumberByIndex[index] = number;
            tracks.Add((index, codec.Kind == MediaKind.Audio
                ? new MatroskaTrack(number, codec.Kind, codec.MatroskaCodecId, codecPrivate, codec.ClockRate, codec.Channels)
                : new MatroskaTrack(number, codec.Kind, codec.MatroskaCodecId, codecPrivate)));
        }
        return tracks;
    }

    private void SetPendingOutputs(RecordingOutputState state, string reason) => SetOutputs(RecordingOutputState.Pending, state, reason);

    private void SetWritingOutputs(RecordingOutputState state, string? reason) => SetOutputs(RecordingOutputState.Writing, state, reason);

    private void SetOutputs(RecordingOutputState from, RecordingOutputState to, string? reason)
    {
        lock (_statusLock)
        {
            for (int i = 0; i < _states.Length; i++)
            {
                if (_states[i] != from) continue;
                _states[i] = to;
                _reasons[i] = reason;
            }
        }
    }
}
