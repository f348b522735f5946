using Gateway.Pipelines.Formats;
using Gateway.Pipelines.Receiving;
using Gateway.Pipelines.Tracks;
using Gateway.Rtc.Feedback;
using Gateway.Rtc.Rtcp;
using Gateway.Rtc.Rtp;
using Gateway.Rtc.WebRtc;
using Gateway.Worker.Sources.Rtp;
using Gateway.Worker.Sources.Whip;

namespace Gateway.Worker.Sources.Whep;

internal sealed partial class WhepCaptureSource
{
    private const int NoRoute = -1;
    private const int RtxFlag = 1 << 16;

    // BUNDLE demultiplexing by payload type (RFC 8843 §9.2): each accepted m= section has its own codec PT and RTX PT.
    private readonly int[] _routes = Enumerable.Repeat(NoRoute, 128).ToArray();

    /// <summary>One track per section the answer accepted, in answer order; false (with why) for a codec we cannot record.</summary>
    private bool TryCreateTracks(IReadOnlyList<NegotiatedMedia> negotiated, out string reason)
    {
        reason = "";
        var tracks = new WhipTrack[negotiated.Count];
        for (var i = 0; i < negotiated.Count; i++)
        {
            var media = negotiated[i];
            if (!CodecRegistry.TryCreate(media.Codec, out var codec, out var why))
            {
                foreach (var made in tracks.Take(i)) made.Pipeline.Dispose();
                reason = $"The answer's {media.Kind} codec cannot be recorded: {why}";
                return false;
            }
            var pipeline = new TrackPipeline(i, codec, _timeline, _options.Track, _time);
            var track = new WhipTrack(media, codec, pipeline, new NackScheduler(_options.Nack, _time), new KeyFrameRequester(_time));
            pipeline.KeyFrameNeeded += _ => track.KeyFrames.Request();
            tracks[i] = track;
            _routes[media.Codec.PayloadType & 0x7F] = i;
            if (media.RtxPayloadType is { } rtx) _routes[rtx & 0x7F] = i | RtxFlag;
        }
        Volatile.Write(ref _tracks, tracks);
        Volatile.Write(ref _codecs, tracks.Select(t => t.Codec).ToList());
        _live?.SetTracks(_codecs);
        return true;
    }

    private void Handle(InboundDatagram datagram)
    {
        if (datagram.SocketIndex == 1)
        {
            HandleRtcp(datagram.Span, datagram.ReceivedAt);
            datagram.Dispose();
            return;
        }
        var span = datagram.Span;
        if (!RtpHeader.TryParse(span, out var header, out var payload, out _) || _routes[header.PayloadType] == NoRoute)
        {
            Interlocked.Increment(ref _invalid);   // garbage, or a format we did not accept
            datagram.Dispose();
            return;
        }
        var route = _routes[header.PayloadType];
        var track = _tracks[route & 0xFFFF];
        if ((route & RtxFlag) != 0
            && (track.Pipeline.Receiver.Ssrc is not { } primary
                || !RtxPacket.TryUnwrap(header, span, payload, (byte)track.Media.Codec.PayloadType, primary, out header, out payload)))
        {
            datagram.Dispose();                     // a bandwidth probe (padding only), or RTX before any media
            return;
        }
        if (track.FirstPacketAt == long.MinValue)
        {
            track.FirstPacketAt = datagram.ReceivedAt;
            _logger.FirstWhepPacket(_captureId, track.Media.Kind, track.Codec.EncodingName);
        }
        _live?.Forward(route & 0xFFFF, header, span, payload);
        track.Pipeline.Receive(header, datagram.Buffer, datagram.Length, payload, datagram.ReceivedAt);   // owns the buffer now
    }

    private void HandleRtcp(ReadOnlySpan<byte> compound, long receivedAt)
    {
        foreach (var packet in RtcpCompound.Enumerate(compound))
        {
            if (packet.Type != RtcpPacketType.SenderReport || !SenderReport.TryParse(packet.Data, out var sr, out _)) continue;
            var info = new SenderReportInfo(sr.Info.Ssrc, sr.Info.NtpTimestamp, sr.Info.RtpTimestamp, receivedAt);
            foreach (var track in _tracks) track.Pipeline.OnSenderReport(info);
            _live?.ForwardSenderReport(sr.Info);
        }
    }
}
