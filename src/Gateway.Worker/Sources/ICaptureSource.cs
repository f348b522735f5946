using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Media;
using Gateway.Worker.Captures;

namespace Gateway.Worker.Sources;

/// <summary>
/// Where a capture's media comes from (plain RTP, WHIP, ...). Opened (sockets bound) before the capture is returned to
/// the client, then run until the source ends or the capture stops. Disposing frees every socket and task.
/// </summary>
public interface ICaptureSource : IAsyncDisposable
{
    /// <summary>What the capture resource shows about the source (answer SDP, WHIP URL).</summary>
    SourceStatus Status { get; }

    /// <summary>One codec per track, in SDP order; the track index of every frame points into this list.</summary>
    IReadOnlyList<IRtpCodec> Tracks { get; }

    /// <summary>
    /// Delivers frames, timestamped on the capture timeline, until the source ends (returns
    /// <see cref="EndReason.SourceEnded"/>) or <paramref name="cancellationToken"/> is cancelled (throws).
    /// Ownership of each frame passes to <paramref name="frames"/>.
    /// </summary>
    Task<EndReason> RunAsync(IFrameTarget frames, CancellationToken cancellationToken);

    /// <summary>A snapshot of per-track counters for the capture resource; safe to call from any thread.</summary>
    IReadOnlyList<TrackStatus> SnapshotTracks();

    /// <summary>
    /// A recorder needs a video key frame now (its ffmpeg was restarted). Sources that can ask the sender (WebRTC:
    /// PLI) do; plain RTP has no back channel for it, so the recorder waits for the sender's next key frame.
    /// </summary>
    void RequestKeyFrame()
    {
    }
}

/// <summary>Receives frames from a source. Must never block: a full target drops and counts.</summary>
public interface IFrameTarget
{
    /// <summary>Takes ownership of <paramref name="frame"/> (disposes it when dropped).</summary>
    void Write(EncodedFrame frame);
}
