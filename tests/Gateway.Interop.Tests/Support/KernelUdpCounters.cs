using System.Globalization;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// The kernel's UDP receive-buffer overflows (<c>RcvbufErrors</c> in /proc/net/snmp, per network namespace): a flood
/// faster than a receive loop drains is dropped there before the gateway can see (and count) it.
/// </summary>
public static class KernelUdpCounters
{
    public static long ReceiveBufferErrors()
    {
        var lines = File.ReadAllLines("/proc/net/snmp").Where(l => l.StartsWith("Udp:", StringComparison.Ordinal)).ToArray();
        var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(values[Array.IndexOf(names, "RcvbufErrors")], CultureInfo.InvariantCulture);
    }
}
