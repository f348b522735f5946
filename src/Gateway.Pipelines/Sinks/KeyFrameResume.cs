using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Media;

namespace Gateway.Pipelines.Sinks;

/// <summary>
/// Where a restarted ffmpeg's new file begins: a decoder cannot use P-frames whose reference went to the dead
/// process, so every frame is dropped until the first video track's next key frame (audio too, so the file starts
/// with the picture); any other video track then waits for its own key frame. Without video, audio starts at once.
/// </summary>
internal sealed class KeyFrameResume
{
    private readonly bool[] _waiting;
    private readonly int _lead = -1;
    private bool _started;

    /// <param name="inFile">Per track index: the track is in the file (it started before the header was written).</param>
    public KeyFrameResume(IReadOnlyList<IRtpCodec> codecs, IReadOnlyList<bool> inFile)
    {
        _waiting = new bool[codecs.Count];
        for (int i = 0; i < codecs.Count; i++)
        {
            _waiting[i] = inFile[i] && codecs[i].NeedsKeyFrameToStart;
            if (_waiting[i] && _lead < 0) _lead = i;
        }
        _started = _lead < 0;
    }

    /// <summary>True once the lead video track has had its key frame (or there is no video).</summary>
    public bool Started => _started;

    /// <summary>True when <paramref name="frame"/> may go into the new file; the caller disposes the others.</summary>
    public bool Admit(in EncodedFrame frame)
    {
        int track = frame.TrackIndex;
        if ((uint)track >= (uint)_waiting.Length) return false;
        if (!_started)
        {
            if (track != _lead || !frame.IsKeyFrame) return false;
            _started = true;
        }
        if (_waiting[track])
        {
            if (!frame.IsKeyFrame) return false;
            _waiting[track] = false;
        }
        return true;
    }
}
