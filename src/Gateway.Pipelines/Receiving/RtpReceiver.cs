using Gateway.Rtc.Rtp;

namespace Gateway.Pipelines.Receiving;

/// <summary>
/// Receives one track's RTP, one SSRC at a time: validates sequence numbers (RFC 3550 §A.1), counts what receiver
/// reports need (§A.3 loss, §A.8 jitter), follows an SSRC change, and reorders through a <see cref="JitterBuffer"/>.
/// Sockets and decryption happen before it; the depacketizer reads <see cref="TryDequeue"/>. Single-threaded.
/// </summary>
public sealed class RtpReceiver : IDisposable
{
    private readonly RtpReceiverOptions _options;
    private readonly TimeProvider _time;
    private readonly JitterBuffer _jitterBuffer;
    private readonly BitrateWindow _bitrate;
    private long _bytesReceived;
    private readonly int _clockRate;
    private readonly SourceCandidates _candidates;

    private bool _hasSource;
    private uint _ssrc;
    private bool _byeReceived;
    private long _lastReceivedAt;
    private SequenceValidator _sequence;
    private InterarrivalJitter _jitter;
    private long _arrivalOrigin;
    private uint _lastSenderReport;
    private long _lastSenderReportAt;
    private bool _hasSenderReport;

    // Totals of sources the track followed before the current one.
    private long _previousReceived, _previousLost;
    private long _duplicates, _reordered, _tooLate, _foreign;
    private int _ssrcChanges;

    public RtpReceiver(int clockRate, RtpReceiverOptions options, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clockRate, 1);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinSequential, 1);
        _clockRate = clockRate;
        _options = options;
        _time = time;
        _jitterBuffer = new JitterBuffer(options.JitterBuffer, time);
        _bitrate = new BitrateWindow(options.BitrateWindow, time.TimestampFrequency);
        _candidates = new SourceCandidates(options.MinSequential, options.JitterBuffer.Pool);
    }

    /// <summary>Raised when the track moves to a new SSRC, before that SSRC's first packet is queued.</summary>
    public event Action<SsrcChange>? SsrcChanged;

    /// <summary>The reorder stage; its <see cref="JitterBuffer.PacketsLost"/> and NACK candidates feed the WebRTC path.</summary>
    public JitterBuffer JitterBuffer => _jitterBuffer;

    public uint? Ssrc => _hasSource ? _ssrc : null;

    /// <summary>
    /// Takes one parsed packet. Owns <paramref name="buffer"/> whatever the result (queued, or returned to the pool).
    /// </summary>
    /// <param name="receivedAt">Arrival time in <see cref="TimeProvider.GetTimestamp"/> units, taken at the socket.</param>
    public ReceiveResult Receive(in RtpHeader header, byte[] buffer, int length, Range payload, long receivedAt)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (!_hasSource || header.Ssrc != _ssrc)
        {
            bool silent = _hasSource && receivedAt - _lastReceivedAt >= (long)(_options.SsrcTimeout.TotalSeconds * _time.TimestampFrequency);
            if (_hasSource && !_byeReceived && !silent)
            {
                _foreign++;
                _options.JitterBuffer.Pool.Return(buffer);
                return ReceiveResult.ForeignSsrc;
            }
            if (!_candidates.Offer(header, buffer, length, payload, receivedAt, out var held)) return ReceiveResult.Probation;
            if (held.Buffer is { } earlier) ReceiveCore(held.Header, earlier, held.Length, held.Payload, held.ReceivedAt);
        }
        return ReceiveCore(header, buffer, length, payload, receivedAt);
    }

    private ReceiveResult ReceiveCore(in RtpHeader header, byte[] buffer, int length, Range payload, long receivedAt)
    {
        var result = ReceiveResult.Accepted;
        if (!_hasSource)
        {
            StartSource(header, receivedAt);
        }
        else if (header.Ssrc != _ssrc)
        {
            bool silent = receivedAt - _lastReceivedAt >= (long)(_options.SsrcTimeout.TotalSeconds * _time.TimestampFrequency);
            if (!_byeReceived && !silent)
            {
                _foreign++;
                _options.JitterBuffer.Pool.Return(buffer);
                return ReceiveResult.ForeignSsrc;
            }
            var change = new SsrcChange(_ssrc, header.Ssrc, _byeReceived);
            _previousReceived += _sequence.Received;
            _previousLost += _sequence.Lost;
            _jitterBuffer.Reset();
            StartSource(header, receivedAt);
            _ssrcChanges++;
            SsrcChanged?.Invoke(change);
            result = ReceiveResult.SsrcChanged;
        }

        long receivedBefore = _sequence.Received, lostBefore = _sequence.Lost;
        var update = _sequence.Update(header.SequenceNumber);
        switch (update)
        {
            case SequenceUpdate.Bad:
                _options.JitterBuffer.Pool.Return(buffer);
                return ReceiveResult.BadSequence;
            case SequenceUpdate.Restarted:
                _previousReceived += receivedBefore; // §A.1 starts the counters over; keep the track totals
                _previousLost += lostBefore;
                _jitterBuffer.Reset();
                _jitter.Reset();
                result = ReceiveResult.Restarted;
                break;
            case SequenceUpdate.Probation when result == ReceiveResult.Accepted:
                result = ReceiveResult.Probation;
                break;
        }
        _lastReceivedAt = receivedAt;

        var inserted = _jitterBuffer.Insert(header, buffer, length, payload, receivedAt);
        if (inserted == InsertResult.Duplicate)
        {
            _duplicates++;
            return ReceiveResult.Duplicate;
        }
        if (inserted == InsertResult.TooLate) _tooLate++;
        else if (update == SequenceUpdate.Older) _reordered++;

        if (update != SequenceUpdate.Probation)
        {
            // §A.8: arrival in the track clock; the origin cancels out, only differences enter the estimate.
            double arrival = (double)(receivedAt - _arrivalOrigin) * _clockRate / _time.TimestampFrequency;
            _jitter.Update(arrival, header.Timestamp);
        }
        _bitrate.Add(receivedAt, length);
        Volatile.Write(ref _bytesReceived, _bytesReceived + length);   // one writer; read by GetStats from any thread
        return inserted == InsertResult.TooLate ? ReceiveResult.TooLate : result;
    }

    /// <summary>The next packet in sequence order, or a loss/reset marker. See <see cref="JitterBuffer.TryDequeue"/>.</summary>
    public bool TryDequeue(out ReleasedPacket packet) => _jitterBuffer.TryDequeue(out packet);

    public TimeSpan? NextDeadline => _jitterBuffer.NextDeadline;

    /// <summary>Remembers the SR's NTP time for LSR/DLSR (RFC 3550 §6.4.1) when it comes from the current source.</summary>
    public void OnSenderReport(in SenderReportInfo report)
    {
        if (!_hasSource || report.Ssrc != _ssrc) return;
        _lastSenderReport = (uint)(report.NtpTimestamp >> 16); // the middle 32 bits
        _lastSenderReportAt = report.ReceivedAt;
        _hasSenderReport = true;
    }

    /// <summary>The current source said BYE (RFC 3550 §6.6): the next SSRC may take over at once.</summary>
    public void OnBye(uint ssrc)
    {
        if (_hasSource && ssrc == _ssrc) _byeReceived = true;
    }

    /// <summary>
    /// Fills a reception report block for the current source and starts a new §A.3 interval. False before the source
    /// is valid (nothing to report yet).
    /// </summary>
    public bool TryCreateReceptionReport(out ReceptionReportData report)
    {
        report = default;
        if (!_hasSource || !_sequence.IsValid) return false;
        var fraction = _sequence.TakeFractionLost();
        var lost = (int)Math.Clamp(_sequence.Lost, -0x800000, 0x7FFFFF); // 24-bit signed field
        uint delay = 0;
        if (_hasSenderReport)
        {
            long elapsed = _time.GetTimestamp() - _lastSenderReportAt;
            delay = (uint)Math.Clamp((double)elapsed * 65536 / _time.TimestampFrequency, 0, uint.MaxValue);
        }
        report = new ReceptionReportData(_ssrc, fraction, lost, _sequence.ExtendedMax, (uint)_jitter.Value,
            _hasSenderReport ? _lastSenderReport : 0, delay);
        return true;
    }

    public ReceptionStats GetStats() => new(
        Ssrc,
        _previousReceived + _sequence.Received,
        _previousLost + _sequence.Lost,
        _duplicates,
        _reordered,
        _tooLate,
        _foreign,
        _ssrcChanges,
        _jitter.Value * 1000 / _clockRate,
        _bitrate.Kbps(_time.GetTimestamp()),
        Volatile.Read(ref _bytesReceived));

    public void Dispose()
    {
        _candidates.Clear();
        _jitterBuffer.Dispose();
    }

    private void StartSource(in RtpHeader header, long receivedAt)
    {
        _hasSource = true;
        _ssrc = header.Ssrc;
        _byeReceived = false;
        _hasSenderReport = false;
        _sequence = SequenceValidator.ForNewSource(header.SequenceNumber, _options.MinSequential);
        _jitter.Reset();
        _arrivalOrigin = receivedAt;
    }
}
