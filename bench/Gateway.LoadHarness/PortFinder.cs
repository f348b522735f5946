using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.LoadHarness;

internal static class PortFinder
{
    private static int _nextPort = 46000 + Random.Shared.Next(500) * 2;

    public static int FreeTcpPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>An even UDP port whose successor is free too (RTP + RTCP).</summary>
    public static int NextUdpPair()
    {
        while (true)
        {
            var port = Interlocked.Add(ref _nextPort, 2);
            if (port > 60000) Interlocked.Exchange(ref _nextPort, 46000);
            if (UdpFree(port) && UdpFree(port + 1)) return port;
        }
    }

    /// <summary>Waits until every port has a bound UDP socket (read from /proc/net/udp, without binding a probe).</summary>
    public static async Task WaitBoundAsync(IReadOnlySet<int> ports, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var bound = File.ReadLines("/proc/net/udp").Skip(1)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])
                .Select(a => int.Parse(a[(a.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToHashSet();
            if (ports.All(bound.Contains)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{ports.Count(p => !bound.Contains(p))} receiver ports never bound");
            await Task.Delay(200);
        }
    }

    public static async Task WaitHealthyAsync(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("gateway did not become healthy");
    }

    private static bool UdpFree(int port)
    {
        try
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
