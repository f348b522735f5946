using Gateway.Pipelines.Media;

namespace Gateway.Worker.Recording;

/// <summary>Passes every frame on to the recording and keeps a copy of the newest video key frame for thumbnails.</summary>
public sealed class KeyFrameTapSink(IRecordingSink inner, LatestKeyFrame latest, Action onDisposed) : IRecordingSink
{
    private int _disposed;

    public void Write(EncodedFrame frame)
    {
        latest.Offer(frame);     // copied before the frame's ownership moves on
        inner.Write(frame);
    }

    public Task FinalizeAsync(CancellationToken cancellationToken) => inner.FinalizeAsync(cancellationToken);

    public IReadOnlyList<Captures.OutputStatus> SnapshotOutputs() => inner.SnapshotOutputs();

    public (long Written, long Dropped) TrackCounters(int trackIndex) => inner.TrackCounters(trackIndex);

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) onDisposed();
        return inner.DisposeAsync();
    }
}
