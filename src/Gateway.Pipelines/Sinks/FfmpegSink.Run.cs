using System.IO.Pipelines;
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
        bool started = false;
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
            _muxer = new MatroskaWriter(fileTracks.Select(t => t.Track).ToList());

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

            var processor = FFMpegArguments
                .FromPipeInput(new MatroskaPipeSource(MuxAsync), input => input.WithCustomArgument(FfmpegOutputPlan.InputArguments))
                .OutputToMany(many =>
                {
                    foreach (var (output, arguments) in runnable)
                    {
                        many.OutputToFile(_options.Outputs[output].Path, overwrite: true, o => o.WithCustomArgument(arguments));
                    }
                })
                .NotifyOnStandardError(OnStandardError)
                .CancellableThrough(_kill.Token, TimeSpan.Zero)   // -nostdin: "q" is ignored, so cancel means kill
                .Configure(ffOptions =>
                {
                    if (_options.FfmpegBinaryFolder.Length > 0) ffOptions.BinaryFolder = _options.FfmpegBinaryFolder;
                });
            _logger.FfmpegStarting(_options.Name, processor.Arguments);
            foreach (var (output, _) in runnable) SetState(output, RecordingOutputState.Writing);
            started = true;

            var result = await processor.ProcessAsynchronously(throwOnError: false).ConfigureAwait(false);
            lock (_statusLock) _exitCode = result.ExitCode;
            if (result.Success && !_kill.IsCancellationRequested)
            {
                _logger.FfmpegExited(_options.Name, result.ExitCode);
                SetWritingOutputs(RecordingOutputState.Completed, null);
            }
            else
            {
                string tail = StandardErrorTail();
                _logger.FfmpegFailed(_options.Name, result.ExitCode, tail);
                SetWritingOutputs(RecordingOutputState.Failed,
                    _kill.IsCancellationRequested ? "ffmpeg was killed" : $"ffmpeg exited with {result.ExitCode}: {tail}");
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Reported, not rethrown: the capture reads the Failed state, and partial files are kept.
            _logger.RecordingFailed(exception, _options.Name);
            SetPendingOutputs(RecordingOutputState.Failed, exception.Message);
            SetWritingOutputs(RecordingOutputState.Failed, exception.Message);
        }
        finally
        {
            _queue.Complete();
            _gate.DisposeHeld();
            _queue.DisposeRemaining();
            if (started) RaiseSegmentsCompleted();
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

    /// <summary>The pipe source's body: header, held frames, then the queue until it completes.</summary>
    private async Task MuxAsync(Stream stream, CancellationToken cancellationToken)
    {
        var muxer = _muxer!;
        var pipe = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: FlushThreshold, leaveOpen: false));
        try
        {
            muxer.WriteHeader(pipe);
            foreach (var frame in _gate.Held) Mux(muxer, pipe, frame);
            _gate.ReleaseHeld();
            var flushed = await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
            var reader = _queue.Reader;
            while (!flushed.IsCompleted && await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    _queue.OnRead(frame);
                    Mux(muxer, pipe, frame);
                    if (pipe.UnflushedBytes >= FlushThreshold) break;
                }
                flushed = await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);   // waits while ffmpeg is not reading
            }
            await pipe.CompleteAsync().ConfigureAwait(false);   // closes the socket: ffmpeg sees EOF and writes trailers
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // ffmpeg exited or was killed; its exit code says why. The socket closes below.
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            _logger.PipeClosed(exception, _options.Name);    // ffmpeg closed its end; its exit code says why
            await pipe.CompleteAsync(exception).ConfigureAwait(false);
        }
    }

    private void Mux(MatroskaWriter muxer, PipeWriter pipe, EncodedFrame frame)
    {
        using (frame)
        {
            int number = _trackNumberByIndex[frame.TrackIndex];
            // Each track's timestamps must strictly increase in the file: frames the timeline put 1 ms apart can
            // round to the same millisecond, and equal timestamps become non-monotonic DTS in the MP4 ffmpeg writes.
            long timestamp = Math.Max(MatroskaWriter.ToTimestamp(frame.Pts), _lastTimestamps[frame.TrackIndex] + 1);
            var status = number == 0
                ? MatroskaWriteStatus.UnknownTrack                                       // started after the header
                : muxer.WriteFrame(pipe, number, timestamp, frame.IsKeyFrame, frame.Span);
            if (status is not (MatroskaWriteStatus.Written or MatroskaWriteStatus.WrittenInNewCluster))
            {
                Interlocked.Increment(ref _rejected);
                return;
            }
            _lastTimestamps[frame.TrackIndex] = timestamp;
            Interlocked.Increment(ref _framesWritten[frame.TrackIndex]);
            long ticks = frame.Pts.Ticks;
            if (ticks < Interlocked.Read(ref _firstPtsTicks)) Interlocked.Exchange(ref _firstPtsTicks, ticks);
            if (ticks > Interlocked.Read(ref _lastPtsTicks)) Interlocked.Exchange(ref _lastPtsTicks, ticks);
        }
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

    private void RaiseSegmentsCompleted()
    {
        var status = GetStatus();
        foreach (var output in status.Outputs)
        {
            if (output.State is not (RecordingOutputState.Completed or RecordingOutputState.Failed) || !File.Exists(output.Path)) continue;
            SegmentCompleted?.Invoke(new SegmentCompleted(output.Kind, output.Path, output.Bytes, output.State == RecordingOutputState.Completed));
        }
    }
}
