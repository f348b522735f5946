using System.Globalization;

namespace Gateway.LoadHarness;

/// <summary>CPU and memory versus N for every mode of the run, as PNGs (ScottPlot) beside docs/performance.md.</summary>
internal static class Plot
{
    public static void Write(IReadOnlyList<Row> rows, string directory)
    {
        Directory.CreateDirectory(directory);
        Save(rows, r => r.Window.CpuPercent, "CPU, % of one core (gateway: process + ffmpeg children)", Path.Combine(directory, "performance-cpu.png"));
        Save(rows, r => r.Window.PeakRssBytes / 1048576.0, "RSS, MiB (peak over the window)", Path.Combine(directory, "performance-memory.png"));
        var csv = Path.Combine(directory, "performance.csv");
        File.WriteAllLines(csv, new[] { "n,mode,cpu_percent,gateway_process_cpu_percent,rss_mib,complete,min_completeness,decode_errors,gateway_drops,kernel_drops,harness_cpu_percent" }
            .Concat(rows.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.Streams},{r.Mode},{r.Window.CpuPercent:F1},{r.Window.RootCpuPercent:F1},{r.Window.PeakRssBytes / 1048576.0:F0},{r.Complete},{r.MinCompleteness:F4},{r.DecodeErrors},{r.GatewayDrops},{r.KernelDrops},{r.Window.HarnessCpuPercent:F1}"))));
        Console.WriteLine($"plots: {directory}/performance-cpu.png, performance-memory.png; data: {csv}");
    }

    private static void Save(IReadOnlyList<Row> rows, Func<Row, double> value, string title, string path)
    {
        var plot = new ScottPlot.Plot();
        foreach (var mode in rows.GroupBy(r => r.Mode))
        {
            var points = mode.OrderBy(r => r.Streams).ToArray();
            var line = plot.Add.Scatter(points.Select(r => (double)r.Streams).ToArray(), points.Select(value).ToArray());
            line.LegendText = mode.Key;
        }
        plot.Title(title);
        plot.XLabel("concurrent 2.5 Mbit/s H.264 + Opus streams (N)");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, 900, 560);
    }
}
