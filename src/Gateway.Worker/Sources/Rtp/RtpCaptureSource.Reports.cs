using System.Net.Sockets;
using Gateway.Rtc.Rtcp;

namespace Gateway.Worker.Sources.Rtp;

internal sealed partial class RtpCaptureSource
{
    private readonly byte[] _reportBuffer = new byte[512];

    /// <summary>
    /// RFC 3550 §6.4.2: one compound RR + SDES CNAME per track, to where that track's RTCP (or, muxed, RTP) comes
    /// from. A track whose sender has not been heard yet gets nothing.
    /// </summary>
    private void SendReceiverReports()
    {
        for (var i = 0; i < _tracks.Length; i++)
        {
            if (!_tracks[i].Receiver.TryCreateReceptionReport(out var data)) continue;
            var (socket, destination) = ReportRoute(i);
            if (socket is null || destination is null) continue;
            ReadOnlySpan<ReceptionReport> block =
            [
                new ReceptionReport(data.Ssrc, data.FractionLost, data.CumulativeLost, data.ExtendedHighestSequenceNumber,
                    data.Jitter, data.LastSenderReport, data.DelaySinceLastSenderReport),
            ];
            var report = new ReceiverReport(_reporterSsrc, block);
            if (!report.TryWriteTo(_reportBuffer, out var written)) continue;
            if (!SourceDescription.TryWriteCName(_reportBuffer.AsSpan(written), _reporterSsrc, "gateway", out var sdes)) continue;
            try
            {
                socket.SendTo(_reportBuffer.AsSpan(0, written + sdes), SocketFlags.None, destination);
            }
            catch (SocketException ex)
            {
                // The sender is gone or refuses RTCP: reports are best effort, the recording goes on.
                _logger.ReportSendFailed(_captureId, ex.SocketErrorCode);
            }
        }
    }

    private (Socket? Socket, System.Net.SocketAddress? Destination) ReportRoute(int track)
    {
        for (var s = 0; s < _sockets.Count; s++)
        {
            var bound = _sockets[s];
            if (bound.TrackIndex != track || bound.Role == SocketRole.Rtp) continue;
            if (_loops[s].LastSender is { } sender) return (bound.Socket, sender);
        }
        return (null, null);
    }
}
