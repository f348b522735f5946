using System.Diagnostics;
using System.Globalization;

namespace Gateway.LoadHarness;

/// <summary>What one fixed window measured. CPU in % of one core.</summary>
/// <param name="RootCpuPercent">The root processes alone (the gateway without its ffmpeg children).</param>
/// <param name="HarnessCpuPercent">This process (sending threads, sampling): the cost kept out of the figures.</param>
/// <param name="TopThreads">The root's busiest threads by name over the window (% of one core).</param>
internal sealed record Window(double CpuPercent, double RootCpuPercent, long PeakRssBytes, long RootRssBytes, int Processes,
    double HarnessCpuPercent, string TopThreads, string HarnessThreads)
{
    /// <summary>Share of the machine's CPU time the hypervisor gave to other guests over the window (/proc/stat steal):
    /// on a shared host the same work costs more CPU time when it is high, so rows are only comparable at similar steal.</summary>
    public double StealPercent { get; init; }

    /// <summary>Gateway only: everything its GC heap allocated over the window divided by the RTP packets received
    /// (an upper bound for the packet path: timers, HTTP and logging allocate too).</summary>
    public double AllocatedBytesPerPacket { get; init; } = double.NaN;
}

internal static class Sampler
{
    /// <summary>CPU and peak RSS of the process trees under <paramref name="roots"/> over a window.</summary>
    public static async Task<Window> MeasureAsync(Func<IReadOnlyList<int>> roots, TimeSpan window)
    {
        using var self = Process.GetCurrentProcess();
        var harnessBefore = self.TotalProcessorTime;
        var rootIds = roots();
        var threadsBefore = rootIds.Count == 1 ? ProcessTree.ThreadTicks(rootIds[0]) : [];
        var selfBefore = ProcessTree.ThreadTicks(Environment.ProcessId);
        var before = ProcessTree.Measure(rootIds);
        var stealBefore = Steal();
        var clock = Stopwatch.StartNew();
        long peakRss = 0, rootRss = 0;
        var processes = 0;
        while (clock.Elapsed < window)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var s = ProcessTree.Measure(roots());
            if (s.RssBytes > peakRss) (peakRss, rootRss) = (s.RssBytes, s.RootRssBytes);
            processes = Math.Max(processes, s.Processes);
        }
        var after = ProcessTree.Measure(roots());
        var stealAfter = Steal();
        var seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var harness = (self.TotalProcessorTime - harnessBefore).TotalSeconds / seconds * 100;
        var top = rootIds.Count == 1 ? Busiest(threadsBefore, ProcessTree.ThreadTicks(rootIds[0]), seconds) : "";
        return new Window((after.Cpu - before.Cpu).TotalSeconds / seconds * 100, (after.RootCpu - before.RootCpu).TotalSeconds / seconds * 100,
            peakRss, rootRss, processes, harness, top, Busiest(selfBefore, ProcessTree.ThreadTicks(Environment.ProcessId), seconds))
        {
            StealPercent = stealAfter.Total > stealBefore.Total ? 100.0 * (stealAfter.Steal - stealBefore.Steal) / (stealAfter.Total - stealBefore.Total) : 0,
        };
    }

    /// <summary>Steal and total jiffies of all CPUs (first line of /proc/stat: user nice system idle iowait irq softirq steal).</summary>
    private static (long Steal, long Total) Steal()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (values.Length == 8 ? values[7] : 0, values.Sum());
    }

    private static string Busiest(Dictionary<string, long> before, Dictionary<string, long> after, double seconds) =>
        string.Join(", ", after
            .Select(t => (t.Key, Percent: (t.Value - before.GetValueOrDefault(t.Key)) / 100.0 / seconds * 100))
            .OrderByDescending(t => t.Percent).Take(6)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Percent:F1}")));
}
