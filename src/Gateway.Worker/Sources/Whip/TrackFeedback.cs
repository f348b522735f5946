using Gateway.Pipelines.Codecs;
using Gateway.Rtc.Feedback;
using Gateway.Rtc.Rtcp;
using Gateway.Rtc.WebRtc;

namespace Gateway.Worker.Sources.Whip;

/// <summary>
/// What a WebRTC sender hears from a recording source each tick (see <see cref="Send"/>). Shared by every source that records from a WebRTC connection
/// (WHIP publisher, WHEP client). Used by the source's processing loop only; its buffers are reused.
/// </summary>
internal sealed class TrackFeedback(uint ssrc, ulong maxBitrate, TimeProvider time)
{
    private const int MaxNackPairs = 64;
    private const int ReportSpace = 32;   // an RR with one report block: 8 + 24 bytes
    private readonly byte[] _feedback = new byte[1200];
    private readonly ushort[] _missing = new ushort[512];
    private readonly ushort[] _request = new ushort[512];
    private readonly NackPair[] _pairs = new NackPair[MaxNackPairs];
    private readonly ReceptionReport[] _blocks = new ReceptionReport[8];
    private readonly uint[] _remb = new uint[8];

    public uint Ssrc => ssrc;

    /// <summary>
    /// Receiver reports with REMB every report interval; then, per video track, generic NACKs for packets still worth
    /// asking for and a rate-limited PLI when it waits for a key frame. Each track's feedback is a compound of its own
    /// that starts with a receiver report about that track alone: an SFU such as Janus assigns a whole compound to the
    /// stream of the first report block's SSRC (and drops one without a report block), so a PLI behind a report about
    /// the audio track, or a bare PLI, never reaches the sender.
    /// </summary>
    public void Send(IWebRtcConnection connection, WhipTrack[] tracks, bool reportDue)
    {
        var buffer = _feedback.AsSpan();
        if (reportDue && WriteReports(tracks, buffer) is > 0 and var reports) connection.TrySendRtcp(buffer[..reports]);
        foreach (var track in tracks)
        {
            if (track.Codec.Kind != MediaKind.Video || track.Pipeline.Receiver.Ssrc is not { } media) continue;
            var used = 0;
            if (track.UsesNack) used += WriteNack(track, media, buffer[ReportSpace..]);
            if (track.UsesPli)
            {
                // A sender joined mid-GOP or its first key frame was lost: ask instead of waiting for the next one.
                if (track.Pipeline.Counters.FramesEmitted == 0 && track.FirstPacketAt != long.MinValue
                    && time.GetElapsedTime(track.FirstPacketAt) >= TimeSpan.FromSeconds(1)) track.KeyFrames.Request();
                if (buffer.Length - ReportSpace - used >= PictureLossIndication.Size && track.KeyFrames.TryTake()
                    && new PictureLossIndication(ssrc, media).TryWriteTo(buffer[(ReportSpace + used)..], out var pli))
                {
                    used += pli;
                }
            }
            if (used == 0) continue;
            // The track's own report goes in front, then the feedback is moved up behind it.
            if (!track.Pipeline.Receiver.TryCreateReceptionReport(out var data)) continue;
            _blocks[0] = new ReceptionReport(data.Ssrc, data.FractionLost, data.CumulativeLost, data.ExtendedHighestSequenceNumber,
                data.Jitter, data.LastSenderReport, data.DelaySinceLastSenderReport);
            if (!new ReceiverReport(ssrc, _blocks.AsSpan(0, 1)).TryWriteTo(buffer, out var report) || report > ReportSpace) continue;
            buffer.Slice(ReportSpace, used).CopyTo(buffer[report..]);
            connection.TrySendRtcp(buffer[..(report + used)]);
        }
    }

    private int WriteReports(WhipTrack[] tracks, Span<byte> buffer)
    {
        var blocks = 0;
        var ssrcs = 0;
        foreach (var track in tracks)
        {
            if (track.Pipeline.Receiver.Ssrc is { } media && ssrcs < _remb.Length) _remb[ssrcs++] = media;
            if (blocks >= _blocks.Length || !track.Pipeline.Receiver.TryCreateReceptionReport(out var data)) continue;
            _blocks[blocks++] = new ReceptionReport(data.Ssrc, data.FractionLost, data.CumulativeLost, data.ExtendedHighestSequenceNumber,
                data.Jitter, data.LastSenderReport, data.DelaySinceLastSenderReport);
        }
        if (!new ReceiverReport(ssrc, _blocks.AsSpan(0, blocks)).TryWriteTo(buffer, out var used)) return 0;
        if (SourceDescription.TryWriteCName(buffer[used..], ssrc, "gateway", out var sdes)) used += sdes;
        if (ssrcs > 0 && new ReceiverEstimatedMaximumBitrate(ssrc, maxBitrate, _remb.AsSpan(0, ssrcs)).TryWriteTo(buffer[used..], out var remb))
            used += remb;
        return used;
    }

    private int WriteNack(WhipTrack track, uint mediaSsrc, Span<byte> buffer)
    {
        var missing = track.Pipeline.Receiver.JitterBuffer.GetNackCandidates(_missing);
        var request = track.Nack.Update(_missing.AsSpan(0, missing), _request);
        if (request == 0) return 0;
        var pairs = NackPacker.Pack(_request.AsSpan(0, request), _pairs);
        return new GenericNack(ssrc, mediaSsrc, _pairs.AsSpan(0, pairs)).TryWriteTo(buffer, out var written) ? written : 0;
    }
}
