using Gateway.Pipelines.Media;
using Gateway.Worker.Sources.Whip;

namespace Gateway.Worker.Sources.Janus;

/// <summary>
/// One subscription: its own Janus handle and peer connection. The receiving side is the WHIP source's — Janus's
/// offer is answered exactly like a WHIP publisher's (ICE-lite, DTLS passive, NACK/PLI/REMB) — and its frames are
/// renumbered into the capture's track list.
/// </summary>
internal sealed class JanusParticipant(long feedId, long handleId, Participant participant, WhipCaptureSource receiver, string sessionId) : IFrameTarget
{
    private IFrameTarget? _target;

    public long FeedId { get; } = feedId;

    public long HandleId { get; } = handleId;

    public Participant Participant { get; } = participant;

    public WhipCaptureSource Receiver { get; } = receiver;

    /// <summary>The receiver's one session: ending it ends the receiver's RunAsync (the participant left).</summary>
    public string SessionId { get; } = sessionId;

    public Task<Captures.EndReason> Running { get; private set; } = Task.FromResult(Captures.EndReason.SourceEnded);

    public bool Left { get; set; }

    public void Start(IFrameTarget target, CancellationToken cancellationToken)
    {
        _target = target;
        Running = Task.Run(() => Receiver.RunAsync(this, cancellationToken), CancellationToken.None);
    }

    void IFrameTarget.Write(EncodedFrame frame) =>
        _target!.Write(frame with { TrackIndex = Participant.FirstTrack + frame.TrackIndex });
}
