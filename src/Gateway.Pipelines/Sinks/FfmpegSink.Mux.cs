using System.Buffers;
using Gateway.Pipelines.Containers.Matroska;
using Gateway.Pipelines.Media;
using Gateway.Pipelines.Timing;

namespace Gateway.Pipelines.Sinks;

/// <summary>The muxing loop of one ffmpeg run: frames from the queue into Matroska, written to ffmpeg's socket in batches.</summary>
public sealed partial class FfmpegSink
{
    /// <summary>The pipe source's body: header, held frames, then the queue until it completes.</summary>
    private async Task MuxAsync(Stream stream, CancellationToken cancellationToken)
    {
        var muxer = _muxer!;
        // One buffer per run, reused for every batch: nothing is allocated per frame once it has grown to a batch
        // (a PipeWriter holding a batch rents 64 KiB segments from the shared array pool, which keeps only a few dozen).
        var batch = new ArrayBufferWriter<byte>(FlushThreshold * 2);
        try
        {
            await using (stream.ConfigureAwait(false))   // closing the socket at the end: ffmpeg sees EOF, writes trailers
            {
                muxer.WriteHeader(batch);
                foreach (var frame in _gate.Held) Mux(muxer, batch, frame);
                _gate.ReleaseHeld();
                await WriteAsync(stream, batch, cancellationToken).ConfigureAwait(false);
                if (!await PumpAsync(stream, batch, frame => Mux(muxer, batch, frame), _trimmers, cancellationToken, cancellationToken)
                        .ConfigureAwait(false))
                    return;                                  // ffmpeg exited or was killed
                await WriteAsync(stream, batch, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // ffmpeg exited or was killed; its exit code says why. The socket was closed above.
        }
        catch (IOException exception)
        {
            _logger.PipeClosed(exception, _options.Name);    // ffmpeg closed its end; its exit code says why
        }
    }

    /// <summary>
    /// Drains the queue through <paramref name="mux"/> into <paramref name="batch"/> and writes it to
    /// <paramref name="destination"/>, for ffmpeg's socket and the in-process mp4 file alike. Every write wakes ffmpeg,
    /// and a wait on the queue woke this loop per frame: both cost more than copying the media. The loop instead wakes
    /// on a tick shared by every sink, drains what the queue holds and writes when 64 KiB or 200 ms have gathered (file
    /// outputs), or every tick when an output is live (RTMP/HLS), so batching never delays viewers by more than a tick.
    /// What it leaves in <paramref name="batch"/> is the caller's to write.
    /// </summary>
    /// <param name="writes">Cancels a write in progress (one to a stuck ffmpeg); None keeps a file's boxes whole.</param>
    /// <returns>True when the queue completed; false when <paramref name="stop"/> fired first.</returns>
    private async Task<bool> PumpAsync(Stream destination, ArrayBufferWriter<byte> batch, Action<EncodedFrame> mux,
        WrittenPageTrimmer[] trimmers, CancellationToken writes, CancellationToken stop)
    {
        var reader = _queue.Reader;
        var lastWrite = _time.GetTimestamp();
        var lastTrim = lastWrite;
        using var tick = SharedTick.For(_time, _live ? LiveTick : FileTick).Subscribe();
        while (!stop.IsCancellationRequested)
        {
            while (reader.TryRead(out var frame))
            {
                _queue.OnRead(frame);
                if (_resume is { } resume && !resume.Admit(frame))
                {
                    frame.Dispose();                         // before the restarted file's first key frame
                    Interlocked.Increment(ref _rejected);
                    continue;
                }
                mux(frame);
                if (batch.WrittenCount < FlushThreshold) continue;
                await WriteAsync(destination, batch, writes).ConfigureAwait(false);   // waits while ffmpeg is not reading
                lastWrite = _time.GetTimestamp();
            }
            if (reader.Completion.IsCompleted) return true;
            if (_live || _time.GetElapsedTime(lastWrite) >= MaxFlushDelay)
            {
                await WriteAsync(destination, batch, writes).ConfigureAwait(false);
                lastWrite = _time.GetTimestamp();
            }
            if (trimmers.Length > 0 && _time.GetElapsedTime(lastTrim) >= TrimInterval)
            {
                foreach (var trimmer in trimmers) trimmer.Trim();
                lastTrim = _time.GetTimestamp();
            }
            try
            {
                await tick.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return false;
            }
        }
        return false;
    }

    private static async ValueTask WriteAsync(Stream stream, ArrayBufferWriter<byte> batch, CancellationToken cancellationToken)
    {
        if (batch.WrittenCount == 0) return;
        await stream.WriteAsync(batch.WrittenMemory, cancellationToken).ConfigureAwait(false);
        batch.ResetWrittenCount();
    }

    private void Mux(MatroskaWriter muxer, IBufferWriter<byte> output, EncodedFrame frame)
    {
        using (frame)
        {
            int number = _trackNumberByIndex[frame.TrackIndex];
            // Each track's timestamps must strictly increase in the file: frames the timeline put 1 ms apart can
            // round to the same millisecond, and equal timestamps become non-monotonic DTS in the MP4 ffmpeg writes.
            long timestamp = Math.Max(MatroskaWriter.ToTimestamp(frame.Pts), _lastTimestamps[frame.TrackIndex] + 1);
            var status = number == 0
                ? MatroskaWriteStatus.UnknownTrack                                       // started after the header
                : muxer.WriteFrame(output, number, timestamp, frame.IsKeyFrame, frame.Span);
            if (status is not (MatroskaWriteStatus.Written or MatroskaWriteStatus.WrittenInNewCluster))
            {
                Interlocked.Increment(ref _rejected);
                return;
            }
            _lastTimestamps[frame.TrackIndex] = timestamp;
            Account(frame);
        }
    }

    /// <summary>A frame went into the file: counted, and the recording's time span extended.</summary>
    private void Account(in EncodedFrame frame)
    {
        Interlocked.Increment(ref _framesWritten[frame.TrackIndex]);
        long ticks = frame.Pts.Ticks;
        if (ticks < Interlocked.Read(ref _firstPtsTicks)) Interlocked.Exchange(ref _firstPtsTicks, ticks);
        if (ticks > Interlocked.Read(ref _lastPtsTicks)) Interlocked.Exchange(ref _lastPtsTicks, ticks);
        if (ticks < Interlocked.Read(ref _runFirstPtsTicks)) Interlocked.Exchange(ref _runFirstPtsTicks, ticks);
        if (ticks > Interlocked.Read(ref _runLastPtsTicks)) Interlocked.Exchange(ref _runLastPtsTicks, ticks);
    }
}
