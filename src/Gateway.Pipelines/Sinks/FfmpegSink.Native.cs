using System.Buffers;
using Gateway.Pipelines.Containers.Mp4;
using Gateway.Pipelines.Media;

namespace Gateway.Pipelines.Sinks;

/// <summary>
/// The run without ffmpeg (<see cref="NativeMp4Plan"/>): frames from the queue go into a fragmented MP4 written by
/// this process, on the same shared tick and batching as the ffmpeg pipe. Nothing can die mid-capture here, so
/// there are no restarts; a write error (disk full) ends the output as failed, keeping every complete fragment.
/// </summary>
public sealed partial class FfmpegSink
{
    /// <summary>A fragment at every video key frame, and at least this often (bounded loss on a crash).</summary>
    private static readonly TimeSpan NativeMaxFragment = TimeSpan.FromSeconds(1);

    private async Task RunNativeAsync(int output, List<Mp4Track> tracks, List<int> trackIndexes)
    {
        string path;
        lock (_statusLock)
        {
            path = _segments[output].Begin(_time.GetUtcNow(), restart: false);
            _states[output] = RecordingOutputState.Writing;
        }
        _logger.NativeMp4Starting(_options.Name, path, tracks.Count);
        var trackOf = Enumerable.Repeat(-1, _codecs.Count).ToArray();
        for (int i = 0; i < trackIndexes.Count; i++) trackOf[trackIndexes[i]] = i;
        var lastTimes = Enumerable.Repeat(-1L, tracks.Count).ToArray();
        var writer = new FragmentedMp4Writer(tracks, NativeMaxFragment);
        var batch = new ArrayBufferWriter<byte>(FlushThreshold * 2);
        using var trimmer = _options.DropWrittenPages ? new WrittenPageTrimmer(path) : null;
        string? failure = null;
        try
        {
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
            writer.WriteHeader(batch);
            foreach (var frame in _gate.Held) MuxNative(writer, batch, frame, trackOf, tracks, lastTimes);
            _gate.ReleaseHeld();
            // The batch only ever holds whole boxes (the writer emits complete fragments), so whatever is written,
            // whenever the loop stops, ends on a fragment boundary.
            bool completed = await PumpAsync(file, batch, frame => MuxNative(writer, batch, frame, trackOf, tracks, lastTimes),
                trimmer is null ? [] : [trimmer], CancellationToken.None, _kill.Token).ConfigureAwait(false);
            if (!completed) failure = "the recording was killed";   // the open fragment is given up
            else writer.Finish(batch);
            await WriteAsync(file, batch, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            failure = exception.Message;
            _logger.NativeMp4Failed(exception, _options.Name, path);
            TrimTornFragment(path);
        }
        bool clean = failure is null;
        long first = Interlocked.Read(ref _firstPtsTicks), last = Interlocked.Read(ref _lastPtsTicks);
        var duration = last >= first ? TimeSpan.FromTicks(last - first) : TimeSpan.Zero;
        RecordingSegment? segment;
        lock (_statusLock)
        {
            segment = _segments[output].End(_time.GetUtcNow(), TimeSpan.Zero, duration, clean);
            _states[output] = clean ? RecordingOutputState.Completed : RecordingOutputState.Failed;
            _reasons[output] = failure;
        }
        if (segment is not null) SegmentCompleted?.Invoke(new SegmentCompleted(RecordingOutputKind.Mp4, segment.Path, segment.Bytes, clean));
        if (clean) _logger.NativeMp4Finished(_options.Name, path, writer.Fragments);
    }

    /// <summary>A write that failed half-way leaves a torn last fragment, which players report as decode errors.</summary>
    private static void TrimTornFragment(string path)
    {
        try
        {
            if (File.Exists(path)) FragmentedMp4Trimmer.Trim(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // left as it is: the failure is logged and shown on the output
        }
    }

    private void MuxNative(FragmentedMp4Writer writer, IBufferWriter<byte> output, EncodedFrame frame, int[] trackOf,
        List<Mp4Track> tracks, long[] lastTimes)
    {
        using (frame)
        {
            int track = trackOf[frame.TrackIndex];
            if (track < 0)
            {
                Interlocked.Increment(ref _rejected);                 // a track that started after the header
                return;
            }
            // The capture timeline in the track's own clock; strictly increasing like the Matroska path.
            long time = Math.Max(frame.Pts.Ticks * tracks[track].Timescale / TimeSpan.TicksPerSecond, lastTimes[track] + 1);
            if (!writer.Write(output, track, time, frame.IsKeyFrame, frame.Span))
            {
                Interlocked.Increment(ref _rejected);
                return;
            }
            lastTimes[track] = time;
            Account(frame);
        }
    }
}
