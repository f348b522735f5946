using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Gateway.Worker.WebRtc;

/// <summary>The addresses put into answers as ICE host candidates (Gateway:WebRtc:Addresses, or the host's own).</summary>
public static class HostCandidates
{
    /// <summary>
    /// The configured addresses, or else every unicast address of every interface that is up, except loopback and
    /// IPv6 link-local (a browser elsewhere cannot reach those; a local test configures 127.0.0.1 explicitly).
    /// </summary>
    public static IReadOnlyList<IPAddress> Resolve(IReadOnlyList<string> configured)
    {
        if (configured.Count > 0) return configured.Select(IPAddress.Parse).ToList();
        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => !IPAddress.IsLoopback(a) && !(a.AddressFamily == AddressFamily.InterNetworkV6 && (a.IsIPv6LinkLocal || a.IsIPv6SiteLocal)))
            .Distinct()
            .ToList();
    }
}
