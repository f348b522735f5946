using System.Net.Sockets;

namespace Gateway.Rtc.Transport;

/// <summary>
/// Asks for a large socket receive buffer. Linux caps SO_RCVBUF at net.core.rmem_max (often 208 KiB or 4 MiB); a
/// process with CAP_NET_ADMIN (a container's root) may go past it with SO_RCVBUFFORCE. Whatever the kernel grants
/// is kept: a smaller buffer still works, it overflows sooner (visible as drops in /proc/net/udp).
/// </summary>
public static class ReceiveBuffers
{
    private const int SolSocket = 1;        // <sys/socket.h> on Linux
    private const int SoRcvBufForce = 33;

    /// <returns>The buffer size the kernel reports afterwards (Linux reports twice the payload it accounts).</returns>
    public static int Enlarge(Socket socket, int bytes)
    {
        ArgumentNullException.ThrowIfNull(socket);
        try
        {
            socket.ReceiveBufferSize = bytes;
        }
        catch (SocketException)
        {
            // refused outright: keep the default and still try the privileged option below
        }
        if (OperatingSystem.IsLinux() && socket.ReceiveBufferSize < bytes)
        {
            try
            {
                socket.SetRawSocketOption(SolSocket, SoRcvBufForce, BitConverter.GetBytes(bytes));
            }
            catch (SocketException)
            {
                // no CAP_NET_ADMIN: rmem_max stays the limit
            }
        }
        return socket.ReceiveBufferSize;
    }
}
