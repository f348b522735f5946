using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Containers.Matroska;
using Gateway.Pipelines.Media;
using Microsoft.Extensions.Logging;

namespace Gateway.Pipelines.Sinks;

/// <summary>
/// Records one capture: frames go through a bounded <see cref="FrameQueue"/> (callers never wait), one task muxes
/// them into Matroska with real timestamps and streams that to a single ffmpeg process (started through
/// FFMpegCore, input on a Unix domain socket), which writes every requested output (fragmented MP4, WebM, Ogg).
/// </summary>
public sealed partial class FfmpegSink : IAsyncDisposable
{
    private const int FlushThreshold = 64 * 1024;
    private static readonly TimeSpan MaxFlushDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan FileTick = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LiveTick = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<IRtpCodec> _codecs;
    private readonly FfmpegSinkOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly FrameQueue _queue;
    private readonly TrackStartGate _gate;
    private readonly CancellationTokenSource _kill = new();
    private readonly CancellationTokenSource _finalizing = new();
    private readonly Lock _statusLock = new();
    private readonly RecordingOutputState[] _states;
    private readonly string?[] _reasons;
    private readonly Queue<string> _standardErrorTail = new();
    private readonly long[] _framesWritten;
    private readonly long[] _lastTimestamps;
    private readonly int[] _trackNumberByIndex;
    private readonly Task _run;
    private readonly OutputSegments[] _segments;
    private MatroskaWriter? _muxer;
    private bool _lastRunWroteFrames;
    private KeyFrameResume? _resume;                   // set for the runs after a restart
    private long _runFirstPtsTicks = long.MaxValue;    // frames muxed by the current ffmpeg run
    private long _runLastPtsTicks = long.MinValue;
    private long _firstPtsTicks = long.MaxValue;
    private long _lastPtsTicks = long.MinValue;
    private long _rejected;
    private long _lastDropLogAt;
    private long _droppedAtLastLog;
    private int? _exitCode;
    private int _disposed;
    private readonly bool _live;
    private WrittenPageTrimmer[] _trimmers = [];        // the current run's files

    private FfmpegSink(IReadOnlyList<IRtpCodec> codecs, FfmpegSinkOptions options, ILogger logger, TimeProvider time)
    {
        if (codecs.Count is 0 or > MatroskaTrack.MaxNumber) throw new ArgumentOutOfRangeException(nameof(codecs));
        if (options.Outputs.Count == 0) throw new ArgumentException("At least one output is needed.", nameof(options));
        _codecs = codecs;
        _options = options;
        _logger = logger;
        _time = time;
        _queue = new FrameQueue(codecs, options.QueueCapacityFrames, options.QueueCapacityBytes);
        _gate = new TrackStartGate(codecs, options.TrackStartMaxFrames, options.TrackStartTimeout, time);
        _states = new RecordingOutputState[options.Outputs.Count];
        _reasons = new string?[options.Outputs.Count];
        _segments = options.Outputs.Select(o => new OutputSegments(o)).ToArray();
        _live = options.Outputs.Any(o => o.Kind is RecordingOutputKind.Rtmp or RecordingOutputKind.Hls);
        _framesWritten = new long[codecs.Count];
        _lastTimestamps = Enumerable.Repeat(-1L, codecs.Count).ToArray();
        _trackNumberByIndex = new int[codecs.Count];
        _lastDropLogAt = time.GetTimestamp();
        _run = Task.Run(RunAsync);
    }

    /// <summary>Raised once per output file after ffmpeg is done with it (also for partial files).</summary>
    public event Action<SegmentCompleted>? SegmentCompleted;

    /// <summary>
    /// Raised when a restarted ffmpeg waits for a video key frame to begin its new file: a source that can ask the
    /// sender for one (WebRTC PLI) shortens the gap; otherwise the file starts at the sender's next key frame.
    /// </summary>
    public event Action? KeyFrameWanted;

    /// <summary>Completes when the recording has ended, however it ended.</summary>
    public Task Completion => _run;

    /// <param name="codecs">One per track; <see cref="EncodedFrame.TrackIndex"/> indexes this list.</param>
    public static FfmpegSink Start(IReadOnlyList<IRtpCodec> codecs, FfmpegSinkOptions options, ILogger logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        return new FfmpegSink(codecs, options, logger, time ?? TimeProvider.System);
    }

    /// <summary>
    /// Queues a frame without ever waiting. The sink owns <paramref name="frame"/> from here on: it is queued, or
    /// dropped (disposed and counted) when the queue is full, when a video track waits for a key frame after a
    /// drop, or after finalize. Safe to call from several threads.
    /// </summary>
    public bool TryWrite(EncodedFrame frame)
    {
        if (_queue.TryWrite(frame)) return true;
        LogDropsRateLimited();
        return false;
    }

    public FfmpegSinkStatus GetStatus()
    {
        lock (_statusLock)
        {
            long first = Interlocked.Read(ref _firstPtsTicks), last = Interlocked.Read(ref _lastPtsTicks);
            long runFirst = Interlocked.Read(ref _runFirstPtsTicks), runLast = Interlocked.Read(ref _runLastPtsTicks);
            var (liveStart, liveDuration) = runLast >= runFirst && runFirst >= first
                ? (TimeSpan.FromTicks(runFirst - first), TimeSpan.FromTicks(runLast - runFirst))
                : (TimeSpan.Zero, TimeSpan.Zero);
            var outputs = new RecordingOutputStatus[_states.Length];
            for (int i = 0; i < outputs.Length; i++)
            {
                var output = _options.Outputs[i];
                var segments = _segments[i].Snapshot(liveStart, liveDuration);
                long bytes = segments.Count > 0 ? segments.Sum(s => s.Bytes)
                    : output.Kind != RecordingOutputKind.Rtmp && File.Exists(output.Path) ? new FileInfo(output.Path).Length : 0;
                outputs[i] = new RecordingOutputStatus(output.Kind, output.Path, _states[i], bytes, _reasons[i])
                {
                    Segments = segments,
                    Restarts = _segments[i].Restarts,
                };
            }
            return new FfmpegSinkStatus(
                outputs,
                Enumerable.Range(0, _framesWritten.Length).Select(i => Interlocked.Read(ref _framesWritten[i])).ToArray(),
                _queue.Dropped + _gate.Skipped + Interlocked.Read(ref _rejected),
                last >= first ? TimeSpan.FromTicks(last - first) : TimeSpan.Zero,
                _exitCode,
                [.. _standardErrorTail]);
        }
    }

    /// <summary>
    /// Ends the recording: no more frames are taken, the queue drains into ffmpeg, the pipe closes and ffmpeg writes
    /// its trailers. Only when <paramref name="cancellationToken"/> fires first is ffmpeg killed (files stay partial,
    /// and fragmented MP4 stays playable up to its last fragment).
    /// </summary>
    public async Task FinalizeAsync(CancellationToken cancellationToken)
    {
        _queue.Complete();
        await _finalizing.CancelAsync().ConfigureAwait(false);   // never disposed (no timer): safe after DisposeAsync
        using (cancellationToken.Register(KillOnBudgetSpent))
        {
            await _run.ConfigureAwait(false);
        }
    }

    /// <summary>Safety net: kills ffmpeg if it still runs, returns every queued buffer. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.Complete();
        await _kill.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _kill.Dispose();
    }

    private void KillOnBudgetSpent()
    {
        if (_run.IsCompleted) return;
        _logger.FinalizeTimedOut(_options.Name);
        _kill.Cancel();
    }

    private void LogDropsRateLimited()
    {
        long last = Interlocked.Read(ref _lastDropLogAt);
        if (_time.GetElapsedTime(last) < _options.DropLogInterval) return;
        if (Interlocked.CompareExchange(ref _lastDropLogAt, _time.GetTimestamp(), last) != last) return;   // another thread logs
        long dropped = _queue.Dropped;
        if (dropped != Interlocked.Exchange(ref _droppedAtLastLog, dropped)) _logger.FramesDropped(_options.Name, dropped);
    }

    private void SetState(int output, RecordingOutputState state, string? reason = null)
    {
        lock (_statusLock)
        {
            _states[output] = state;
            _reasons[output] = reason;
        }
    }

    private void OnStandardError(string line)
    {
        line = MaskSecrets(line);
        _logger.FfmpegStandardError(_options.Name, line);
        lock (_statusLock)
        {
            _standardErrorTail.Enqueue(line);
            while (_standardErrorTail.Count > _options.StandardErrorTailLines) _standardErrorTail.Dequeue();
        }
    }

    /// <summary>RTMP URLs carry the stream key: never in a log line or a reason shown by the API.</summary>
    private string MaskSecrets(string text)
    {
        foreach (var output in _options.Outputs)
        {
            if (output.Kind == RecordingOutputKind.Rtmp) text = text.Replace(output.Path, RtmpUrl.Mask(output.Path), StringComparison.Ordinal);
        }
        return text;
    }

    private string StandardErrorTail()
    {
        lock (_statusLock) return string.Join(" | ", _standardErrorTail);
    }
}
