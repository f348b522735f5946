using System.Net;
using System.Net.Sockets;

namespace Gateway.LoadHarness.Replay;

/// <summary>Plain RTP to two ports (RTCP on port + 1), as <c>ffmpeg -f rtp</c> sends: one socket per session.</summary>
internal sealed class PlainRtpSession : ReplaySession, IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _videoRtp, _videoRtcp, _audioRtp, _audioRtcp;

    public PlainRtpSession(RecordedStream stream, int videoPort, int audioPort) : base(stream, 96, 111)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        (_videoRtp, _videoRtcp) = (new(IPAddress.Loopback, videoPort), new(IPAddress.Loopback, videoPort + 1));
        (_audioRtp, _audioRtcp) = (new(IPAddress.Loopback, audioPort), new(IPAddress.Loopback, audioPort + 1));
    }

    protected override bool Transmit(Span<byte> buffer, int length, bool rtcp, bool video)
    {
        var to = video ? (rtcp ? _videoRtcp : _videoRtp) : (rtcp ? _audioRtcp : _audioRtp);
        try
        {
            _socket.SendTo(buffer[..length], SocketFlags.None, to);
            return true;
        }
        catch (SocketException)
        {
            return false;     // e.g. ICMP port unreachable reported on a later send: the receiver is gone
        }
    }

    public void Dispose() => _socket.Dispose();
}
