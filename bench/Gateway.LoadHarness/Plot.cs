using System.Globalization;

namespace Gateway.LoadHarness;

/// <summary>CPU and memory versus N for every mode of the run, as PNGs (ScottPlot) beside docs/performance.md.</summary>
internal static class Plot
{
    public static void Write(IReadOnlyList<Row> rows, string directory)
    {
        Directory.CreateDirectory(directory);
        var points = rows.Select(r => new Point(r.Mode, r.Streams, r.Window.CpuPercent, r.Window.PeakRssBytes / 1048576.0)).ToList();
        Draw(points, directory);
        var csv = Path.Combine(directory, "performance.csv");
        File.WriteAllLines(csv, new[] { "n,mode,cpu_percent,gateway_process_cpu_percent,rss_mib,complete,min_completeness,decode_errors,gateway_drops,kernel_drops,harness_cpu_percent" }
            .Concat(rows.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.Streams},{r.Mode},{r.Window.CpuPercent:F1},{r.Window.RootCpuPercent:F1},{r.Window.PeakRssBytes / 1048576.0:F0},{r.Complete},{r.MinCompleteness:F4},{r.DecodeErrors}/{r.Decoded},{r.GatewayDrops},{r.KernelDrops},{r.Window.HarnessCpuPercent:F1}"))));
        Console.WriteLine($"plots: {directory}/performance-cpu.png, performance-memory.png; data: {csv}");
    }

    /// <summary>Redraws the plots from a CSV written by <see cref="Write"/> (or several runs' rows joined).</summary>
    public static void FromCsv(string csv, string directory)
    {
        var points = File.ReadLines(csv).Skip(1).Select(l => l.Split(',')).Select(f => new Point(f[1], int.Parse(f[0], CultureInfo.InvariantCulture),
            double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture))).ToList();
        Draw(points, directory);
        Console.WriteLine($"plots: {directory}/performance-cpu.png, performance-memory.png");
    }

    private readonly record struct Point(string Mode, int Streams, double CpuPercent, double RssMiB);

    private static void Draw(IReadOnlyList<Point> points, string directory)
    {
        Directory.CreateDirectory(directory);
        Save(points, p => p.CpuPercent, "CPU, % of one core (gateway: process + ffmpeg children)", Path.Combine(directory, "performance-cpu.png"));
        Save(points, p => p.RssMiB, "RSS, MiB (peak over the window)", Path.Combine(directory, "performance-memory.png"));
    }

    private static void Save(IReadOnlyList<Point> rows, Func<Point, double> value, string title, string path)
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
