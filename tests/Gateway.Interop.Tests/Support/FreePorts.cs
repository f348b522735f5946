using System.Net;
using System.Net.Sockets;

namespace Gateway.Interop.Tests.Support;

/// <summary>Ports asked from the kernel, never hard-coded: other test runs may share the machine.</summary>
public static class FreePorts
{
    /// <summary>An even UDP port P with P+1 free too (RTP + RTCP).</summary>
    public static int UdpPair()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            if (port % 2 != 0 || port >= 65534) continue;
            probe.Dispose();
            if (IsUdpFree(port) && IsUdpFree(port + 1)) return port;
        }
        throw new InvalidOperationException("no free UDP port pair");
    }

    public static int Tcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsUdpFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
