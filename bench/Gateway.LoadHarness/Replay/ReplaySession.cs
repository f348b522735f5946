using System.Diagnostics;
using Gateway.Rtc.Rtcp;
using Gateway.Rtc.Rtp;

namespace Gateway.LoadHarness.Replay;

/// <summary>
/// One publisher replaying <see cref="RecordedStream"/> at real time, in a loop: rewrites SSRC, sequence number and
/// timestamp into a caller's buffer, sends an RTCP sender report per stream every second (NTP ↔ RTP, what the
/// gateway aligns audio and video by). Pumped by one <see cref="ReplayScheduler"/> thread: not thread-safe.
/// </summary>
internal abstract class ReplaySession(RecordedStream stream, byte videoPayloadType, byte audioPayloadType)
{
    private static readonly long SenderReportInterval = Stopwatch.Frequency;
    private readonly Track _video = new(stream.Video, RecordedStream.VideoClock, videoPayloadType);
    private readonly Track _audio = new(stream.Audio, RecordedStream.AudioClock, audioPayloadType);
    private long _start = -1, _nextReport;
    private volatile bool _stopped;

    /// <summary>Video frames (marker packets) sent so far.</summary>
    public long VideoFramesSent => Interlocked.Read(ref _video.Frames);

    /// <summary>Opus packets (one frame each) sent so far.</summary>
    public long AudioFramesSent => Interlocked.Read(ref _audio.Frames);

    public long SendFailures => Interlocked.Read(ref _failures);

    private long _failures;

    public void Stop() => _stopped = true;

    /// <summary>Sends what is due at <paramref name="now"/> (Stopwatch ticks); returns when the next packet is due.</summary>
    public long Pump(long now, Span<byte> buffer)
    {
        if (_stopped) return long.MaxValue;
        if (_start < 0) (_start, _nextReport) = (now, now);
        var period = stream.Period.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        var nextVideo = Send(_video, now, period, buffer, video: true);
        var nextAudio = Send(_audio, now, period, buffer, video: false);
        if (now >= _nextReport)
        {
            Report(_video, now, buffer, video: true);
            Report(_audio, now, buffer, video: false);
            _nextReport += SenderReportInterval;
        }
        return Math.Min(Math.Min(nextVideo, nextAudio), _nextReport);
    }

    /// <summary>Sends a finished plain RTP (or RTCP) packet of <paramref name="length"/> bytes at the start of
    /// <paramref name="buffer"/>, which has room for an SRTP tag.</summary>
    protected abstract bool Transmit(Span<byte> buffer, int length, bool rtcp, bool video);

    private long Send(Track track, long now, long period, Span<byte> buffer, bool video)
    {
        while (true)
        {
            var packet = track.Packets[track.Index];
            var due = _start + track.Loop * period + packet.DueTicks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
            if (due > now) return due;
            var timestamp = track.TimestampBase + (uint)(track.Loop * stream.Period.Ticks * track.ClockRate / TimeSpan.TicksPerSecond) + packet.TimestampOffset;
            new RtpHeader(packet.Marker, track.PayloadType, track.Sequence++, timestamp, track.Ssrc).TryWriteTo(buffer, out var header);
            packet.Payload.CopyTo(buffer[header..]);
            if (!Transmit(buffer, header + packet.Payload.Length, rtcp: false, video)) Interlocked.Increment(ref _failures);
            track.LastTimestamp = timestamp;
            track.Octets += (uint)packet.Payload.Length;
            track.Count++;
            if (packet.Marker || !video) Interlocked.Increment(ref track.Frames);
            if (++track.Index == track.Packets.Length) (track.Index, track.Loop) = (0, track.Loop + 1);
        }
    }

    private void Report(Track track, long now, Span<byte> buffer, bool video)
    {
        // RTP time of "now" on this stream's clock: where the media timeline stands, as a live sender would report it.
        var elapsed = now - _start;
        var rtp = track.TimestampBase + (uint)(elapsed * track.ClockRate / Stopwatch.Frequency);
        var ntp = NtpTimestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        var report = new SenderReport(new SenderInfo(track.Ssrc, ntp, rtp, track.Count, track.Octets), []);
        if (!report.TryWriteTo(buffer, out var written)) throw new InvalidOperationException("sender report did not fit");
        if (!Transmit(buffer, written, rtcp: true, video)) Interlocked.Increment(ref _failures);
    }

    private sealed class Track(RecordedPacket[] packets, int clockRate, byte payloadType)
    {
        public readonly RecordedPacket[] Packets = packets;
        public readonly int ClockRate = clockRate;
        public readonly byte PayloadType = payloadType;
        public readonly uint Ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        public readonly uint TimestampBase = (uint)Random.Shared.NextInt64(0, uint.MaxValue);
        public ushort Sequence = (ushort)Random.Shared.Next(0, 1 << 15);
        public int Index, Loop;
        public uint LastTimestamp, Count, Octets;
        public long Frames;
    }
}
