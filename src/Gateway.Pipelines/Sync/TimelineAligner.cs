namespace Gateway.Pipelines.Sync;

/// <summary>
/// Puts every track of a capture on one timeline: PTS 0 is the first frame of any track, tracks may start later,
/// and each track's PTS strictly increases. Tracks on the sender's clock share one origin, so RTCP sender reports
/// align them; tracks still on arrival time share another, consistent with it. A clock change or jump is absorbed
/// without going back: forward jumps are kept (a gap), backward ones are held as an offset slewed away at a bounded
/// rate, or (first alignment) paid by the other tracks stepping forward, like gortsplib aligning to a leading track.
/// Single-threaded: the capture's mixing stage owns it.
/// </summary>
public sealed class TimelineAligner
{
    private readonly TimelineAlignerOptions _options;
    private Track[] _tracks = [];
    private bool _hasLocalOrigin;
    private TimeSpan _localOrigin;
    private bool _hasSenderOrigin;
    private TimeSpan _senderOrigin;

    public TimelineAligner(TimelineAlignerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxSlewRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(options.MaxSlewRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.MinimumStep, TimeSpan.Zero);
        _options = options;
    }

    /// <summary>Frames pushed forward because they would not have come after their track's previous frame.</summary>
    public long ClampedFrames { get; private set; }

    /// <summary>Returns the capture-timeline PTS of a frame of track <paramref name="trackIndex"/>.</summary>
    public TimeSpan Align(int trackIndex, in SyncedTime time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trackIndex);
        if (trackIndex >= _tracks.Length) Array.Resize(ref _tracks, trackIndex + 1);
        ref var track = ref _tracks[trackIndex];

        if (!_hasLocalOrigin) (_localOrigin, _hasLocalOrigin) = (time.LocalWall, true);
        if (time.Source == ClockSource.SenderReport && !_hasSenderOrigin)
        {
            // The first frame on the sender's clock: choose its origin so this track stays where arrival time put it.
            _senderOrigin = time.Wall - (time.LocalWall - _localOrigin);
            _hasSenderOrigin = true;
        }

        var candidate = Candidate(time);
        if (!track.Started)
        {
            track = new Track { Started = true, Source = time.Source, Epoch = time.Epoch, LastLocalWall = time.LocalWall };
            var first = candidate < TimeSpan.Zero ? TimeSpan.Zero : candidate;
            track.LastPts = first;
            return first;
        }

        var elapsed = time.LocalWall - track.LastLocalWall;
        if (time.Source != track.Source || time.Epoch != track.Epoch)
        {
            // Where the track would be had nothing changed, against where the new clock puts it.
            var continuation = track.LastPts + (elapsed > TimeSpan.Zero ? elapsed : TimeSpan.Zero);
            var deficit = continuation - (candidate + track.Offset);
            if (deficit > TimeSpan.Zero)
            {
                if (time.Source == ClockSource.SenderReport && deficit <= _options.MaxRealignment)
                {
                    _senderOrigin -= deficit; // every track on the sender's clock steps forward together
                    candidate += deficit;
                }
                else
                {
                    track.Offset += deficit;
                }
            }
            (track.Source, track.Epoch) = (time.Source, time.Epoch);
        }
        else if (track.Offset > TimeSpan.Zero && elapsed > TimeSpan.Zero)
        {
            var shrink = TimeSpan.FromTicks((long)(elapsed.Ticks * _options.MaxSlewRate));
            track.Offset = shrink >= track.Offset ? TimeSpan.Zero : track.Offset - shrink;
        }

        var pts = candidate + track.Offset;
        if (pts <= track.LastPts)
        {
            pts = track.LastPts + _options.MinimumStep;
            ClampedFrames++;
        }
        track.LastPts = pts;
        if (time.LocalWall > track.LastLocalWall) track.LastLocalWall = time.LocalWall;
        return pts;
    }

    private TimeSpan Candidate(in SyncedTime time) =>
        time.Source == ClockSource.SenderReport ? time.Wall - _senderOrigin : time.LocalWall - _localOrigin;

    private struct Track
    {
        public bool Started;
        public ClockSource Source;
        public int Epoch;
        public TimeSpan LastPts;
        public TimeSpan LastLocalWall;
        public TimeSpan Offset; // held back after a backward jump, slewed to zero
    }
}
