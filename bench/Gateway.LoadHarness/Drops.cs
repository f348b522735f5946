using System.Globalization;
using System.Text.RegularExpressions;

namespace Gateway.LoadHarness;

/// <summary>
/// Packets and frames lost on the way: inside the gateway (its source queues and recorder queues, read from /metrics
/// and its log) and in the kernel (datagrams dropped because a receiving socket's buffer was full, from /proc/net/udp).
/// </summary>
internal static partial class Drops
{
    /// <summary>The gateway's drop counters on /metrics, by series: source queue drops (rtp, whip), datagrams the shared
    /// WebRTC port dropped, and track frames dropped. Only non-zero series are kept.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> GatewayMetricsAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        var series = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (!(line.StartsWith("gateway_rtp_queue_drops", StringComparison.Ordinal) || line.StartsWith("gateway_whip_queue_drops", StringComparison.Ordinal)
                || line.StartsWith("gateway_track_frames_dropped", StringComparison.Ordinal)
                || line.StartsWith("gateway_webrtc_dropped_datagrams", StringComparison.Ordinal))) continue;
            var value = line[(line.LastIndexOf(' ') + 1)..];
            if (!double.TryParse(value, CultureInfo.InvariantCulture, out var v) || v == 0) continue;
            var name = line[..line.LastIndexOf(' ')].Replace("otel_scope_name=", "", StringComparison.Ordinal);
            series[name] = series.GetValueOrDefault(name) + (long)v;
        }
        return series;
    }

    /// <summary>Bytes the gateway's GC heap has allocated since start, and RTP packets received by all tracks
    /// (System.Runtime and Gateway.Captures meters on /metrics): their deltas over a window give bytes per packet.</summary>
    public static async Task<(double Allocated, double Packets)> AllocationCountersAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        double allocated = 0, packets = 0;
        foreach (var line in text.Split('\n'))
        {
            var value = line[(line.LastIndexOf(' ') + 1)..];
            if (!double.TryParse(value, CultureInfo.InvariantCulture, out var v)) continue;
            if (line.StartsWith("dotnet_gc_heap_total_allocated", StringComparison.Ordinal)) allocated += v;
            else if (line.StartsWith("gateway_track_packets_total", StringComparison.Ordinal) || line.StartsWith("gateway_track_packets{", StringComparison.Ordinal)) packets += v;
        }
        return (allocated, packets);
    }

    /// <summary>Frames the recorder queues dropped (FfmpegSink logs a running total per capture at warning level).</summary>
    public static long SinkDropsInLog(string logPath)
    {
        if (!File.Exists(logPath)) return 0;
        var highest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match m in SinkDrop().Matches(File.ReadAllText(logPath)))
            highest[m.Groups[1].Value] = Math.Max(highest.GetValueOrDefault(m.Groups[1].Value), long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        return highest.Values.Sum();
    }

    /// <summary>Datagrams the kernel dropped on UDP sockets bound to these local ports (IPv4 and IPv6 tables).</summary>
    public static long KernelUdp(IReadOnlySet<int> ports)
    {
        long total = 0;
        foreach (var table in new[] { "/proc/net/udp", "/proc/net/udp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 13) continue;
                var local = fields[1];
                var port = int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (ports.Contains(port)) total += long.Parse(fields[^1], CultureInfo.InvariantCulture);
            }
        }
        return total;
    }

    [GeneratedRegex(@"Sink (\S+): queue full, (\d+) frames dropped so far")]
    private static partial Regex SinkDrop();
}
