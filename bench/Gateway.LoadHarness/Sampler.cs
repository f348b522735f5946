using System.Diagnostics;
using System.Globalization;

namespace Gateway.LoadHarness;

/// <summary>What one fixed window measured. CPU in % of one core.</summary>
/// <param name="RootCpuPercent">The root processes alone (the gateway without its ffmpeg children).</param>
/// <param name="HarnessCpuPercent">This process (sending threads, sampling): the cost kept out of the figures.</param>
/// <param name="TopThreads">The root's busiest threads by name over the window (% of one core).</param>
internal sealed record Window(double CpuPercent, double RootCpuPercent, long PeakRssBytes, long RootRssBytes, int Processes,
    double HarnessCpuPercent, string TopThreads);

internal static class Sampler
{
    /// <summary>CPU and peak RSS of the process trees under <paramref name="roots"/> over a window.</summary>
    public static async Task<Window> MeasureAsync(Func<IReadOnlyList<int>> roots, TimeSpan window)
    {
        using var self = Process.GetCurrentProcess();
        var harnessBefore = self.TotalProcessorTime;
        var rootIds = roots();
        var threadsBefore = rootIds.Count == 1 ? ProcessTree.ThreadTicks(rootIds[0]) : [];
        var before = ProcessTree.Measure(rootIds);
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
        var seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var harness = (self.TotalProcessorTime - harnessBefore).TotalSeconds / seconds * 100;
        var top = "";
        if (rootIds.Count == 1)
        {
            var threadsAfter = ProcessTree.ThreadTicks(rootIds[0]);
            top = string.Join(", ", threadsAfter
                .Select(t => (t.Key, Percent: (t.Value - threadsBefore.GetValueOrDefault(t.Key)) / 100.0 / seconds * 100))
                .OrderByDescending(t => t.Percent).Take(6)
                .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Percent:F1}")));
        }
        return new Window((after.Cpu - before.Cpu).TotalSeconds / seconds * 100, (after.RootCpu - before.RootCpu).TotalSeconds / seconds * 100,
            peakRss, rootRss, processes, harness, top);
    }
}
