namespace Gateway.Pipelines.Sync;

/// <summary>
/// Converts one track's RTP timestamps to wall-clock time. Before the first RTCP sender report the first packet's
/// arrival anchors the mapping (<see cref="ClockSource.Arrival"/>); from the first SR on, RTP time maps to the
/// sender's NTP clock (RFC 3550 §6.4.1). Later SRs that disagree with the running mapping are slewed in at most
/// <see cref="SenderReportClockOptions.MaxSlewRate"/>, so output never steps back; a huge disagreement snaps.
/// RTP timestamps are unwrapped here (wrap at 2^32) and an SSRC change re-anchors without a jump. Single-threaded.
/// </summary>
public sealed class SenderReportClock
{
    private readonly int _clockRate;
    private readonly SenderReportClockOptions _options;
    private readonly TimeProvider _time;
    private readonly TimeSpan _originWall;
    private readonly long _originTimestamp;

    private RtpTimestampExtender _extender;
    private bool _hasLocal;
    private long _localRtp;
    private TimeSpan _localWall;

    private bool _senderDomain; // an SR was ever applied: output stays on the sender's clock, even across SSRCs
    private bool _hasSenderReport; // the current SSRC has its own SR mapping (not an extrapolation)
    private long _senderRtp;
    private TimeSpan _senderWall;
    private TimeSpan _correction;
    private long _correctionRtp;

    private bool _hasLast;
    private long _lastRtp;
    private long _lastArrival;
    private TimeSpan _lastLocal;
    private TimeSpan _lastWall;
    private int _epoch;

    public SenderReportClock(int clockRate, SenderReportClockOptions options, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clockRate, 1);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxSlewRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(options.MaxSlewRate, 1);
        _clockRate = clockRate;
        _options = options;
        _time = time;
        _originWall = NtpTime.FromDateTimeOffset(time.GetUtcNow());
        _originTimestamp = time.GetTimestamp();
    }

    public int ClockRate => _clockRate;

    public bool HasSenderReport => _senderDomain;

    /// <summary>Converts a frame's (or packet's) RTP timestamp; <paramref name="receivedAt"/> anchors the first one.</summary>
    /// <param name="receivedAt">Arrival time in <see cref="TimeProvider.GetTimestamp"/> units.</param>
    public SyncedTime GetTime(uint rtpTimestamp, long receivedAt)
    {
        long rtp = _extender.Extend(rtpTimestamp);
        if (!_hasLocal)
        {
            // First packet of this SSRC: anchor on arrival. After an SSRC change, continue from the previous
            // source's last packet by the local time that passed, so neither clock jumps.
            _localRtp = rtp;
            _localWall = _hasLast ? _lastLocal + Since(_lastArrival, receivedAt) : ArrivalWall(receivedAt);
            _hasLocal = true;
            if (_senderDomain && !_hasSenderReport)
            {
                _senderRtp = rtp;
                _senderWall = _lastWall + Since(_lastArrival, receivedAt);
                _correction = TimeSpan.Zero;
            }
        }
        var local = _localWall + Duration(rtp - _localRtp);
        var wall = _senderDomain ? SenderWall(rtp) : local;
        if (!_hasLast || rtp > _lastRtp)
        {
            (_hasLast, _lastRtp, _lastArrival, _lastLocal, _lastWall) = (true, rtp, receivedAt, local, wall);
        }
        return new SyncedTime(wall, local, _senderDomain ? ClockSource.SenderReport : ClockSource.Arrival, _epoch, rtp);
    }

    /// <summary>Learns the NTP↔RTP mapping of an SR from the current SSRC (RFC 3550 §6.4.1).</summary>
    public void OnSenderReport(ulong ntpTimestamp, uint rtpTimestamp, long receivedAt)
    {
        _ = receivedAt; // the mapping is the sender's statement; when it arrived does not change it
        long rtp = _extender.Extend(rtpTimestamp);
        var ntp = NtpTime.ToTimeSpan(ntpTimestamp);
        if (!_hasSenderReport)
        {
            // First SR of this SSRC. From arrival time it is a change of clock, which the aligner handles; after
            // an SSRC change it replaces an extrapolation, which may jump, so the epoch says so.
            if (_senderDomain) _epoch++;
            (_senderRtp, _senderWall, _correction) = (rtp, ntp, TimeSpan.Zero);
            _senderDomain = _hasSenderReport = true;
            return;
        }
        long reference = _hasLast && _lastRtp != long.MinValue ? _lastRtp : rtp;
        var current = SenderWall(reference);
        (_senderRtp, _senderWall) = (rtp, ntp);
        var error = current - (_senderWall + Duration(reference - _senderRtp));
        if (error.Duration() > _options.SnapThreshold)
        {
            _correction = TimeSpan.Zero;
            _epoch++;
        }
        else
        {
            (_correction, _correctionRtp) = (error, reference); // the output continues and drifts onto the new mapping
        }
    }

    /// <summary>The track follows a new SSRC: its RTP timestamps start anywhere, so re-anchor on its first packet.</summary>
    public void OnSsrcChanged()
    {
        _extender.Reset();
        _hasLocal = false;
        _hasSenderReport = false;
        _correction = TimeSpan.Zero;
        _lastRtp = long.MinValue; // the new SSRC's timestamps are unrelated to the old ones
    }

    private TimeSpan SenderWall(long rtp) => _senderWall + Duration(rtp - _senderRtp) + Correction(rtp);

    private TimeSpan Correction(long rtp)
    {
        if (_correction == TimeSpan.Zero) return TimeSpan.Zero;
        var elapsed = Duration(Math.Max(0, rtp - _correctionRtp));
        var shrink = TimeSpan.FromTicks((long)(elapsed.Ticks * _options.MaxSlewRate));
        if (shrink >= _correction.Duration()) return TimeSpan.Zero;
        return _correction > TimeSpan.Zero ? _correction - shrink : _correction + shrink;
    }

    private TimeSpan Duration(long rtpUnits) =>
        TimeSpan.FromTicks((long)((Int128)rtpUnits * TimeSpan.TicksPerSecond / _clockRate));

    private TimeSpan ArrivalWall(long receivedAt) => _originWall + _time.GetElapsedTime(_originTimestamp, receivedAt);

    private TimeSpan Since(long from, long to) => to > from ? _time.GetElapsedTime(from, to) : TimeSpan.Zero;
}
