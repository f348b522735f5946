using FFMpegCore;

namespace Gateway.Pipelines.Sinks;

/// <summary>One ffmpeg run: its files (one new segment per output), the process, and the bookkeeping when it ends.</summary>
public sealed partial class FfmpegSink
{
    /// <returns>Success when ffmpeg exited 0 after the whole queue went in; the exit code either way.</returns>
    private async Task<(bool Success, int ExitCode)> RunFfmpegAsync(List<(int Output, string Arguments)> runnable, int run)
    {
        Interlocked.Exchange(ref _runFirstPtsTicks, long.MaxValue);
        Interlocked.Exchange(ref _runLastPtsTicks, long.MinValue);
        var targets = new List<(int Output, string Path, string Arguments)>();
        lock (_statusLock)
        {
            _standardErrorTail.Clear();
            foreach (var (output, arguments) in runnable)
            {
                targets.Add((output, _segments[output].Begin(_time.GetUtcNow(), restart: run > 1), arguments));
                _states[output] = RecordingOutputState.Writing;
                _reasons[output] = null;
            }
        }
        _trimmers = _options.DropWrittenPages
            ? [.. targets.Where(t => _options.Outputs[t.Output].Kind is RecordingOutputKind.Mp4 or RecordingOutputKind.WebM or RecordingOutputKind.Audio)
                .Select(t => new WrittenPageTrimmer(t.Path))]
            : [];
        var processor = FFMpegArguments
            .FromPipeInput(new MatroskaPipeSource(MuxAsync), input => input.WithCustomArgument(FfmpegOutputPlan.InputArguments))
            .OutputToMany(many =>
            {
                foreach (var (_, path, arguments) in targets) many.OutputToFile(path, overwrite: true, o => o.WithCustomArgument(arguments));
            })
            .NotifyOnStandardError(OnStandardError)
            .CancellableThrough(_kill.Token, TimeSpan.Zero)   // -nostdin: "q" is ignored, so cancel means kill
            .Configure(ffOptions =>
            {
                if (_options.FfmpegBinaryFolder.Length > 0) ffOptions.BinaryFolder = _options.FfmpegBinaryFolder;
            });
        _logger.FfmpegStarting(_options.Name, MaskSecrets(processor.Arguments));
        bool success = false;
        int exitCode = -1;
        try
        {
            var result = await processor.ProcessAsynchronously(throwOnError: false).ConfigureAwait(false);
            exitCode = result.ExitCode;
            success = result.Success && !_kill.IsCancellationRequested && _queue.Reader.Completion.IsCompleted;
            lock (_statusLock) _exitCode = exitCode;
        }
        finally
        {
            foreach (var trimmer in _trimmers) trimmer.Dispose();
            _trimmers = [];
            // Read back only a run that died mid-capture: a kill (disposal, finalize budget spent) is already late,
            // and the probe could hold it up to its timeout per file.
            bool diedMidCapture = !success && !_kill.IsCancellationRequested;
            EndRun(targets, success, diedMidCapture ? await KeptDurationsAsync(targets).ConfigureAwait(false) : null);
        }
        return (success, exitCode);
    }

    /// <summary>What each file of a run that did not end cleanly really holds (see <see cref="KeptDuration"/>).</summary>
    private async Task<Dictionary<int, TimeSpan>> KeptDurationsAsync(List<(int Output, string Path, string Arguments)> targets)
    {
        var kept = new Dictionary<int, TimeSpan>();
        foreach (var (output, path, _) in targets)
        {
            if (!_segments[output].HasFiles || !File.Exists(path) || new FileInfo(path).Length == 0) continue;
            if (await KeptDuration.ProbeAsync(path, _options.FfmpegBinaryFolder).ConfigureAwait(false) is { } duration)
                kept[output] = duration;
        }
        return kept;
    }

    /// <summary>Closes the run's segments and raises <see cref="SegmentCompleted"/> for each file it left.</summary>
    /// <param name="kept">For a run cut short: each file's playable duration, when ffprobe could read it.</param>
    private void EndRun(List<(int Output, string Path, string Arguments)> targets, bool clean, Dictionary<int, TimeSpan>? kept)
    {
        long first = Interlocked.Read(ref _firstPtsTicks);
        long runFirst = Interlocked.Read(ref _runFirstPtsTicks), runLast = Interlocked.Read(ref _runLastPtsTicks);
        bool wroteFrames = runLast >= runFirst;
        _lastRunWroteFrames = wroteFrames;
        var start = wroteFrames ? TimeSpan.FromTicks(runFirst - first) : TimeSpan.Zero;
        var duration = wroteFrames ? TimeSpan.FromTicks(runLast - runFirst) : TimeSpan.Zero;
        var finished = new List<(RecordingOutputKind Kind, RecordingSegment Segment)>();
        lock (_statusLock)
        {
            foreach (var (output, path, _) in targets)
            {
                if (!wroteFrames && _segments[output].HasFiles && path != _options.Outputs[output].Path)
                {
                    TryDelete(path);                      // a restart that died before its first frame: only a header
                }
                var held = duration;
                if (kept is not null && kept.TryGetValue(output, out var playable) && playable < duration)
                {
                    held = playable;
                    _logger.SegmentCutShort(_options.Name, path, playable.TotalSeconds, duration.TotalSeconds);
                }
                if (_segments[output].End(_time.GetUtcNow(), start, held, clean) is { } segment)
                    finished.Add((_options.Outputs[output].Kind, segment));
            }
            Interlocked.Exchange(ref _runFirstPtsTicks, long.MaxValue);
            Interlocked.Exchange(ref _runLastPtsTicks, long.MinValue);
        }
        foreach (var (kind, segment) in finished)
            SegmentCompleted?.Invoke(new SegmentCompleted(kind, segment.Path, segment.Bytes, segment.Completed));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // kept: it only holds a header, and listing it does no harm
        }
    }
}
