using System.Net;
using System.Net.Sockets;
using Gateway.Rtc.Transport;

using Gateway.Worker.Options;

namespace Gateway.Worker.Sources.Rtp;

/// <summary>
/// Binds the UDP sockets of a plain RTP source: a given port, or (port 0) an even RTP port from the configured range
/// with RTP port + 1 free for RTCP (RFC 3550 §11), so ffmpeg-style senders find RTCP where they expect it.
/// </summary>
public sealed class UdpPortBinder(PortRange range, HeldRtpPorts? held = null)
{
    private int _next = range.Low + Random.Shared.Next(Math.Max(1, range.High - range.Low + 1));

    /// <summary>Binds <paramref name="count"/> consecutive ports (1 or 2) starting at an even port of the range.</summary>
    public Socket[] BindFromRange(IPAddress address, int count)
    {
        var span = range.High - range.Low + 1;
        for (var attempt = 0; attempt < span; attempt++)
        {
            var start = range.Low + (Interlocked.Increment(ref _next) - range.Low) % span;
            if (start % 2 != 0) start++;                // RTP on even ports, RTCP on the odd one above
            if (start + count - 1 > range.High) continue;
            var sockets = TryBind(address, start, count);
            if (sockets is not null) return sockets;
        }
        throw new SourceRejectedException("source.sdp", $"No free UDP port pair left in {range}.");
    }

    /// <summary>Binds exactly the ports the SDP asked for; a port in use is the client's problem (400), not ours.</summary>
    public Socket[] BindExact(IPAddress address, int port, int count)
    {
        if (port < 1 || port + count - 1 > 65535) throw new SourceRejectedException("source.sdp", $"Port {port} is out of range.");
        return TryBind(address, port, count)
               ?? throw new SourceRejectedException("source.sdp", $"UDP port {port}{(count > 1 ? $" or {port + 1}" : "")} is already in use.");
    }

    private Socket[]? TryBind(IPAddress address, int start, int count)
    {
        var sockets = new Socket[count];
        for (var i = 0; i < count; i++)
        {
            // A port held since process start for a capture being resumed: its queued datagrams come with it.
            if (held is not null && held.TryTake(address, start + i, out var kept))
            {
                sockets[i] = kept;
                continue;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                // The socket is the capture's only queue: it is read on the capture's tick, and on a busy machine a tick may
                // come late. 4 MiB holds seconds of a 2.5 Mbit/s stream; the kernel may grant less (net.core.rmem_max).
                ReceiveBuffers.Enlarge(socket, 4 << 20);
                socket.Bind(new IPEndPoint(address, start + i));
                sockets[i] = socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
                for (var j = 0; j < i; j++) sockets[j].Dispose();
                return null;
            }
        }
        return sockets;
    }
}
