using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Receiving;
using Gateway.Rtc.Rtcp;
using Gateway.Rtc.Rtp;
using Gateway.Worker.Sources.Rtp;

namespace Gateway.Worker.Sources.Whip;

internal sealed partial class WhipCaptureSource
{
    private const int NoRoute = -1;
    private const int RtxFlag = 1 << 16;

    // BUNDLE demultiplexing by payload type (RFC 8843 §9.2): each accepted m= section has its own codec PT and RTX PT.
    private readonly int[] _routes = Enumerable.Repeat(NoRoute, 128).ToArray();

    private void BuildRoutes()
    {
        Array.Fill(_routes, NoRoute);
        for (var i = 0; i < _tracks.Length; i++)
        {
            _routes[_tracks[i].Media.Codec.PayloadType & 0x7F] = i;
            if (_tracks[i].Media.RtxPayloadType is { } rtx) _routes[rtx & 0x7F] = i | RtxFlag;
        }
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
            Interlocked.Increment(ref _invalid);   // garbage, or a format we did not accept (red, ulpfec)
            datagram.Dispose();
            return;
        }
        var route = _routes[header.PayloadType];
        var track = _tracks[route & 0xFFFF];
        if ((route & RtxFlag) != 0)
        {
            if (track.Pipeline.Receiver.Ssrc is not { } primary
                || !RtxPacket.TryUnwrap(header, span, payload, (byte)track.Media.Codec.PayloadType, primary, out header, out payload))
            {
                datagram.Dispose();                 // a bandwidth probe (padding only), or RTX before any media
                return;
            }
        }
        if (track.FirstPacketAt == long.MinValue)
        {
            track.FirstPacketAt = datagram.ReceivedAt;
            _logger.FirstPublisherPacket(_captureId, track.Media.Kind, track.Codec.EncodingName);
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

    private static bool IsVideo(WhipTrack track) => track.Codec.Kind == MediaKind.Video;
}
