using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Media;

namespace Gateway.Pipelines.Sinks;

/// <summary>
/// Holds the first frames until every track has produced one (video: a key frame), because the Matroska Tracks
/// element — with each CodecPrivate built from a first frame — must precede every block. Bounded by
/// <c>maxFrames</c> and by <c>timeout</c> from the first frame held: a track that never starts (a muted
/// camera, a lost key frame) must not hold the recording hostage, so the file then starts without it.
/// </summary>
internal sealed class TrackStartGate(IReadOnlyList<IRtpCodec> codecs, int maxFrames, TimeSpan timeout, TimeProvider time)
{
    private readonly byte[]?[] _codecPrivate = new byte[]?[codecs.Count];
    private readonly List<EncodedFrame> _held = [];
    private long _firstHeldAt;
    private int _started;

    /// <summary>CodecPrivate per track index; null for a track that has not started.</summary>
    public IReadOnlyList<byte[]?> CodecPrivate => _codecPrivate;

    /// <summary>Frames held so far, in arrival order; the caller takes them over once the gate opens.</summary>
    public IReadOnlyList<EncodedFrame> Held => _held;

    public int StartedCount => _started;

    public bool AllStarted => _started == codecs.Count;

    /// <summary>Non-key video frames dropped because their track had not started.</summary>
    public long Skipped { get; private set; }

    public bool IsFull => _held.Count >= maxFrames;

    /// <summary>Time left before the gate opens without the missing tracks; infinite until a frame is held.</summary>
    public TimeSpan Remaining => _held.Count == 0
        ? Timeout.InfiniteTimeSpan
        : timeout - time.GetElapsedTime(_firstHeldAt) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    public bool ShouldOpen => _started > 0 && (AllStarted || IsFull || Remaining == TimeSpan.Zero);

    /// <summary>Takes ownership of <paramref name="frame"/>: held, or disposed when its track cannot start with it.</summary>
    public void Offer(EncodedFrame frame)
    {
        int track = frame.TrackIndex;
        if ((uint)track >= (uint)codecs.Count) { frame.Dispose(); Skipped++; return; }
        if (_codecPrivate[track] is null)
        {
            if (codecs[track].NeedsKeyFrameToStart && !frame.IsKeyFrame) { frame.Dispose(); Skipped++; return; }
            _codecPrivate[track] = codecs[track].CreateCodecPrivate(frame.Span);
            _started++;
        }
        if (_held.Count == 0) _firstHeldAt = time.GetTimestamp();
        _held.Add(frame);
    }

    /// <summary>The caller has taken (and disposed) every held frame.</summary>
    public void ReleaseHeld() => _held.Clear();

    /// <summary>Disposes held frames nobody took (the sink is being torn down before the gate opened).</summary>
    public void DisposeHeld()
    {
        foreach (var frame in _held) frame.Dispose();
        _held.Clear();
    }
}
