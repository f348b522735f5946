using Gateway.Pipelines.Codecs;
using Gateway.Worker.Captures;
using Gateway.Worker.Recording;

namespace Gateway.Worker.Sources;

/// <summary>One participant of a multi-participant source: its tracks are a contiguous run of the capture's tracks.</summary>
/// <param name="Key">Unique within the capture (a participant who comes back is a new one).</param>
/// <param name="DisplayName">What the room calls them; names their files.</param>
/// <param name="FirstTrack">Capture track index of the participant's first track.</param>
/// <param name="Codecs">The participant's tracks, in order.</param>
public sealed record Participant(string Key, string DisplayName, int FirstTrack, IReadOnlyList<IRtpCodec> Codecs);

/// <summary>
/// A source whose tracks come and go with participants (a Janus room). The capture records it through the sink the
/// source makes, which follows the capture's layout (<c>tracks</c>: a file per participant; <c>composite</c>: a grid).
/// </summary>
public interface IParticipantSource
{
    /// <summary>The participant a track belongs to; null for an index not (yet) handed out.</summary>
    Participant? ParticipantOf(int trackIndex);

    IRecordingSink CreateRecordingSink(string captureId, string directory, IRecordingSinkFactory sinks, CaptureSpec spec);
}
