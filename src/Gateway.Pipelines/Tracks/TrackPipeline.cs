using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Media;
using Gateway.Pipelines.Receiving;
using Gateway.Pipelines.Sync;
using Gateway.Rtc.Rtp;

namespace Gateway.Pipelines.Tracks;

/// <summary>
/// One track of a capture, from parsed RTP packets to timestamped frames: the receiver (dedup, reorder, loss), the
/// codec's depacketizer, the sender-report clock and the capture's timeline. Used by one thread (the capture's
/// processing loop), so it takes no locks. After unrecoverable loss a video track drops frames until the next key
/// frame, so no frame with broken references reaches a file.
/// </summary>
public sealed class TrackPipeline : IDisposable
{
    private readonly int _trackIndex;
    private readonly IRtpCodec _codec;
    private readonly RtpReceiver _receiver;
    private readonly IDepacketizer _depacketizer;
    private readonly SenderReportClock _clock;
    private readonly TimelineAligner _timeline;
    private readonly PooledFrameWriter _frame = new();
    private readonly TimestampUnwrapper _unwrap = new();
    // SRs from sources this track has not received RTP from yet (ffmpeg sends its first SR before the first packet;
    // on a multi-stream session the SRs of the other streams land here too). Applied when that SSRC's first packet
    // arrives, so the sender's clock is used from the first frame instead of being slewed in seconds later.
    private readonly SenderReportInfo[] _pendingReports = new SenderReportInfo[4];
    private int _pendingCount;
    private uint? _currentSsrc;
    private bool _needKeyFrame;
    private long _framesEmitted, _framesDropped, _lossEvents, _keyFramesNeeded;

    public TrackPipeline(int trackIndex, IRtpCodec codec, TimelineAligner timeline, TrackPipelineOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(options);
        _trackIndex = trackIndex;
        _codec = codec;
        _timeline = timeline;
        _receiver = new RtpReceiver(codec.ClockRate, options.Receiver, time);
        _receiver.SsrcChanged += _ =>
        {
            _clock!.OnSsrcChanged();
            _unwrap.Reset();
        };
        _depacketizer = codec.CreateDepacketizer(options.Limits);
        _clock = new SenderReportClock(codec.ClockRate, options.Clock, time);
        _needKeyFrame = codec.NeedsKeyFrameToStart;
    }

    public IRtpCodec Codec => _codec;

    public RtpReceiver Receiver => _receiver;

    /// <summary>When the jitter buffer next gives up on a missing packet; the loop must drain again by then.</summary>
    public TimeSpan? NextDeadline => _receiver.NextDeadline;

    /// <summary>Raised when the track starts waiting for a key frame (loss or a dropped frame): the WebRTC path sends a PLI.</summary>
    public event Action<int>? KeyFrameNeeded;

    public TrackCounters Counters => new(_framesEmitted, _framesDropped, _lossEvents, _keyFramesNeeded);

    /// <summary>Takes a parsed packet; owns <paramref name="buffer"/> from here on (see <see cref="RtpReceiver.Receive"/>).</summary>
    public ReceiveResult Receive(in RtpHeader header, byte[] buffer, int length, Range payload, long receivedAt)
    {
        var result = _receiver.Receive(header, buffer, length, payload, receivedAt);
        if (_receiver.Ssrc != _currentSsrc)
        {
            _currentSsrc = _receiver.Ssrc;
            for (var i = 0; i < _pendingCount; i++)
            {
                if (_pendingReports[i].Ssrc != _currentSsrc) continue;
                Apply(_pendingReports[i]);
                break;
            }
            _pendingCount = 0;
        }
        return result;
    }

    /// <summary>An RTCP SR for this track's source maps its RTP clock to the sender's wall clock.</summary>
    public void OnSenderReport(in SenderReportInfo report)
    {
        if (_receiver.Ssrc == report.Ssrc)
        {
            Apply(report);
            return;
        }
        for (var i = 0; i < _pendingCount; i++)
        {
            if (_pendingReports[i].Ssrc != report.Ssrc) continue;
            _pendingReports[i] = report;                    // the newest SR of that source wins
            return;
        }
        if (_pendingCount < _pendingReports.Length) _pendingReports[_pendingCount++] = report;
        else _pendingReports[^1] = report;
    }

    private void Apply(in SenderReportInfo report)
    {
        _receiver.OnSenderReport(report);
        _clock.OnSenderReport(report.NtpTimestamp, report.RtpTimestamp, report.ReceivedAt);
    }

    public void OnBye(uint ssrc) => _receiver.OnBye(ssrc);

    /// <summary>Releases whatever the jitter buffer lets go now and hands complete frames to <paramref name="emit"/>.</summary>
    public void Drain(Action<EncodedFrame> emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        while (_receiver.TryDequeue(out var packet))
        {
            using (packet)
            {
                if (packet.Kind != ReleasedPacketKind.Packet)
                {
                    _lossEvents++;
                    _depacketizer.Reset();
                    _frame.Clear();
                    WaitForKeyFrame();
                    continue;
                }
                Push(packet, emit);
            }
        }
    }

    /// <summary>The source has ended: whatever the jitter buffer still holds behind a gap is released now.</summary>
    public void Flush(Action<EncodedFrame> emit)
    {
        _receiver.JitterBuffer.Flush();
        Drain(emit);
    }

    private void Push(in ReleasedPacket packet, Action<EncodedFrame> emit)
    {
        // Padding-only packets (RFC 3550 §5.1; browsers send them to probe bandwidth) hold a sequence number but no
        // media: they keep the sequence gap-free and never reach the depacketizer, which would call them malformed.
        if (packet.PayloadSpan.IsEmpty) return;
        var status = _depacketizer.Push(packet.Header, packet.PayloadSpan, _frame, out var info);
        if (status == DepacketizeStatus.FrameDropped)
        {
            _framesDropped++;
            _frame.Clear();
            WaitForKeyFrame();
            return;
        }
        if (status != DepacketizeStatus.FrameComplete) return;
        if (_needKeyFrame && !info.IsKeyFrame)
        {
            _framesDropped++;
            _frame.Clear();
            // Still no key frame (e.g. the stream's first one was lost before we knew the stream): ask again; the
            // WebRTC path rate-limits the PLIs this turns into.
            KeyFrameNeeded?.Invoke(_trackIndex);
            return;
        }
        _needKeyFrame = false;
        var synced = _clock.GetTime(info.RtpTimestamp, packet.ReceivedAt);
        var pts = _timeline.Align(_trackIndex, synced);
        var (buffer, length) = _frame.Detach();
        _framesEmitted++;
        emit(new EncodedFrame(buffer, length, _trackIndex, _unwrap.Unwrap(info.RtpTimestamp), pts, info.IsKeyFrame));
    }

    private void WaitForKeyFrame()
    {
        if (!_codec.NeedsKeyFrameToStart || _needKeyFrame) return;
        _needKeyFrame = true;
        _keyFramesNeeded++;
        KeyFrameNeeded?.Invoke(_trackIndex);
    }

    public void Dispose()
    {
        _receiver.Dispose();
        _frame.Dispose();
    }
}
