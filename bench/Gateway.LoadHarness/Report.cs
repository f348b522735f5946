using System.Globalization;

namespace Gateway.LoadHarness;

internal static class Report
{
    public static void Print(IReadOnlyList<Row> rows, HarnessOptions options)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"window {options.Seconds} s after {options.Warmup} s warm-up; CPU in % of one core; {Environment.ProcessorCount} cores; load average before/after: {options.LoadBefore} / {Load()}"));
        Console.WriteLine("| N | mode | CPU %/stream | of it gateway process | RSS MiB/stream | files complete | worst file | decode errors | drops gateway/kernel | harness CPU % | steal % | notes |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
            Console.WriteLine(string.Create(c,
                $"| {r.Streams} | {r.Mode} | {r.CpuPerStream:F2} | {(r.IsGateway ? r.RootCpuPerStream.ToString("F2", c) : "–")} | {r.RssMiBPerStream:F1} | {r.Complete}/{r.Streams} | {r.MinCompleteness * 100:F1} % | {r.DecodeErrors}/{r.Decoded} decoded | {r.GatewayDrops}/{r.KernelDrops} | {r.Window.HarnessCpuPercent:F1} | {r.Window.StealPercent:F1} | {r.Notes} |"));
        Console.WriteLine();
        foreach (var group in rows.GroupBy(r => r.Streams))
        {
            var direct = group.FirstOrDefault(r => !r.IsGateway);
            if (direct is null || direct.CpuPerStream == 0) continue;
            foreach (var g in group.Where(r => r.IsGateway))
                Console.WriteLine(string.Create(c,
                    $"N={group.Key} {g.Mode} / ffmpeg direct: CPU per stream {g.CpuPerStream / direct.CpuPerStream:F2}, RSS per stream {g.RssMiBPerStream / direct.RssMiBPerStream:F2}"));
        }
        Console.WriteLine();
        foreach (var r in rows.Where(r => r.IsGateway))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"N={r.Streams} {r.Mode}: {r.Window.AllocatedBytesPerPacket:F1} B allocated per RTP packet received; gateway process threads (% of a core): {r.Window.TopThreads}"));
        foreach (var r in rows)
            Console.WriteLine($"N={r.Streams} {r.Mode}: harness threads (% of a core): {r.Window.HarnessThreads}");
    }

    public static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
