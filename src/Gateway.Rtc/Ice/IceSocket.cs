using System.Net;
using System.Net.Sockets;
using Gateway.Rtc.Turn;

namespace Gateway.Rtc.Ice;

/// <summary>
/// One bound UDP socket of an agent: the base of a host candidate and, when a TURN server was reached through it,
/// of a relayed candidate too (the TURN client shares the socket and never receives on it).
/// </summary>
internal sealed class IceSocket(Socket socket, IceCandidate host)
{
    public Socket Socket { get; } = socket;

    /// <summary>The host candidate (advertised only with <see cref="IcePolicy.All"/>).</summary>
    public IceCandidate Host { get; } = host;

    public TurnClient? Turn { get; set; }

    public IceCandidate? Relay { get; set; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)Socket.LocalEndPoint!;

    /// <summary>Sends from <paramref name="local"/> (this socket's host or relayed candidate) to <paramref name="remote"/>.</summary>
    public bool SendFrom(IceCandidate local, ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        try
        {
            if (local.Type == IceCandidateType.Relayed) return Turn is { } turn && turn.SendToPeer(datagram, remote);
            Socket.SendTo(datagram, SocketFlags.None, remote);
            return true;
        }
        catch (SocketException)
        {
            return false;   // unreachable right now; checks retransmit, consent notices a dead path
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public static IceSocket Bind(IPAddress address, ushort localPreference)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = 4 << 20;
            socket.Bind(new IPEndPoint(address, 0));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var bound = (IPEndPoint)socket.LocalEndPoint!;
        var host = new IceCandidate(IceCandidateType.Host, bound, IceCandidate.ComputePriority(IceCandidateType.Host, localPreference),
            IceCandidate.MakeFoundation(IceCandidateType.Host, address, null));
        return new IceSocket(socket, host);
    }
}
