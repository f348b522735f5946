using System.Diagnostics;
using System.Globalization;
using Gateway.LoadHarness;

// Load run of issue "Plain RTP capture": N concurrent 2.5 Mbit/s H.264 + Opus RTP streams recorded by the gateway
// (with its ffmpeg children) and, in the same run, by N plain `ffmpeg -i stream.sdp -c copy out.mp4` receivers.
// Usage: dotnet run -c Release --project bench/Gateway.LoadHarness -- [--streams 1,5,10] [--seconds 20] [--warmup 5]
//        [--gateway path/to/Gateway.Api.dll] [--bitrate 2500k] [--keep]
//        --whip-sessions N: instead, time WHIP set-up (POST → 201, POST → first frame) over N sessions in a row.
var options = HarnessOptions.Parse(args);
using var work = new WorkDirectory(options.Keep);
Console.WriteLine($"work directory: {work.Path}");
if (Array.IndexOf(args, "--whip-sessions") is var at and >= 0)
    return await WhipLatency.RunAsync(options, int.Parse(args[at + 1], CultureInfo.InvariantCulture), work.Path);
var media = await PreEncoded.CreateAsync(work.Path, options.Bitrate);
Console.WriteLine($"pre-encoded {media.Path} ({new FileInfo(media.Path).Length / 1024} KiB)");

var rows = new List<Row>();
foreach (var n in options.Streams)
{
    rows.Add(await Scenario.RunGatewayAsync(options, media, n, work.Path));
    rows.Add(await Scenario.RunFfmpegDirectAsync(options, media, n, work.Path));
}
Report.Print(rows, options);
return rows.Any(r => r.FilesOk < r.Streams) ? 1 : 0;

internal sealed record HarnessOptions(int[] Streams, int Seconds, int Warmup, string GatewayDll, string Bitrate, bool Keep)
{
    public static HarnessOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var dll = Value("--gateway", Path.Combine(FindRoot(), "src", "Gateway.Api", "bin", "Release", "net10.0", "Gateway.Api.dll"));
        return new HarnessOptions(
            Value("--streams", "1,5,10").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            int.Parse(Value("--seconds", "20"), CultureInfo.InvariantCulture),
            int.Parse(Value("--warmup", "5"), CultureInfo.InvariantCulture),
            dll, Value("--bitrate", "2500k"), args.Contains("--keep"));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln"))) return dir.FullName;
        return Environment.CurrentDirectory;
    }
}

internal sealed record Row(string Mode, int Streams, double CpuPercentTotal, long RssBytes, int Processes, int FilesOk, string Notes)
{
    public double CpuPerStream => CpuPercentTotal / Streams;

    public double RssMiBPerStream => RssBytes / 1048576.0 / Streams;
}

internal sealed class WorkDirectory(bool keep) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("gateway-load-").FullName;

    public void Dispose()
    {
        if (!keep) Directory.Delete(Path, recursive: true);
    }
}

internal static class Report
{
    public static void Print(List<Row> rows, HarnessOptions options)
    {
        Console.WriteLine();
        Console.WriteLine($"window {options.Seconds} s after {options.Warmup} s warm-up; CPU in % of one core; machine: {Environment.ProcessorCount} cores");
        Console.WriteLine("| mode | N | CPU total % | CPU/stream % | RSS total MiB | RSS/stream MiB | processes | files ok | notes |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Mode} | {r.Streams} | {r.CpuPercentTotal:F1} | {r.CpuPerStream:F2} | {r.RssBytes / 1048576.0:F0} | {r.RssMiBPerStream:F1} | {r.Processes} | {r.FilesOk}/{r.Streams} | {r.Notes} |"));
        Console.WriteLine();
        foreach (var group in rows.GroupBy(r => r.Streams))
        {
            var gateway = group.FirstOrDefault(r => r.Mode == "gateway");
            var direct = group.FirstOrDefault(r => r.Mode == "ffmpeg direct");
            if (gateway is null || direct is null || direct.CpuPerStream == 0) continue;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"N={group.Key}: gateway/ffmpeg CPU per stream = {gateway.CpuPerStream / direct.CpuPerStream:F2}, RSS per stream = {gateway.RssMiBPerStream / direct.RssMiBPerStream:F2}"));
        }
    }
}

internal static class Sampler
{
    /// <summary>CPU (% of one core) and RSS of the process trees under <paramref name="roots"/> over a window.</summary>
    public static async Task<(double CpuPercent, long Rss, int Processes)> MeasureAsync(Func<IEnumerable<int>> roots, TimeSpan window)
    {
        var before = ProcessTree.Measure(roots());
        var clock = Stopwatch.StartNew();
        long peakRss = 0;
        var processes = 0;
        while (clock.Elapsed < window)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var s = ProcessTree.Measure(roots());
            peakRss = Math.Max(peakRss, s.RssBytes);
            processes = Math.Max(processes, s.Processes);
        }
        var after = ProcessTree.Measure(roots());
        return ((after.Cpu - before.Cpu).TotalSeconds / clock.Elapsed.TotalSeconds * 100, peakRss, processes);
    }
}
