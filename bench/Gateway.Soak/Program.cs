using System.Globalization;
using Gateway.Soak;

// Soak: N captures for a long time while the gateway's memory, GC heap, fds and threads are sampled; then the
// least-squares slope per hour of each, and whether it is growth beyond noise. Exit 1: growth; 2: a capture failed.
//   dotnet build -c Release && dotnet run -c Release --project bench/Gateway.Soak -- [--soak-minutes 60] [--captures 10]
//       [--sample-seconds 5] [--warmup-seconds 60] [--video-kbps 300] [--floor-minutes 5] [--gateway path/to/Gateway.Api.dll]
string Value(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
double Number(string name, double fallback) => double.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

var root = FindRoot();
var options = new SoakOptions(
    TimeSpan.FromMinutes(Number("--soak-minutes", 60)),
    (int)Number("--captures", 10),
    TimeSpan.FromSeconds(Number("--sample-seconds", 5)),
    TimeSpan.FromSeconds(Number("--warmup-seconds", 60)),
    Value("--gateway", Path.Combine(root, "src", "Gateway.Api", "bin", "Release", "net10.0", "Gateway.Api.dll")),
    (int)Number("--video-kbps", 300));
var floorWindow = TimeSpan.FromMinutes(Number("--floor-minutes", 5));

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
IReadOnlyList<Sample> samples;
List<string> failures;
using (var run = new SoakRun(options))
{
    samples = await run.RunAsync(Console.Out, cancel.Token);
    failures = run.Failures;
}

var steady = samples.Where(s => s.Seconds >= options.Warmup.TotalSeconds).ToList();
var hours = steady.Count == 0 ? 0 : (steady[^1].Seconds - steady[0].Seconds) / 3600;
Console.WriteLine($"# trend over {steady.Count} samples after a {options.Warmup.TotalSeconds} s warm-up ({hours * 60:F1} min)");
var growth = false;
// Memory is judged by its floors: the lowest value in each window. A managed heap (and the RSS that follows it)
// saws between collections by hundreds of MiB, so a line through every sample measures when the collections fell;
// a leak raises the floor. fds and threads are judged sample by sample, beyond 2 (one leaked socket pair per hour).
var windows = steady.GroupBy(s => (int)((s.Seconds - steady[0].Seconds) / floorWindow.TotalSeconds)).Where(g => g.Count() >= 2).ToList();
foreach (var (name, unit, pick, floors) in new (string, string, Func<Sample, double>, bool)[]
{
    ("rss", "MiB", s => s.Process.RssBytes / 1048576.0, true),
    ("retained heap (gen2+loh+poh)", "MiB", s => s.RetainedHeapBytes / 1048576.0, true),
    ("gc heap, all generations", "MiB", s => s.GcHeapBytes / 1048576.0, false),
    ("fds", "", s => s.Process.FileDescriptors, false),
    ("threads", "", s => s.Process.Threads, false),
})
{
    var all = Trend.Fit(steady.Select(s => ((s.Seconds - steady[0].Seconds) / 3600, pick(s))).ToList());
    var line = string.Create(CultureInfo.InvariantCulture,
        $"{name}: mean {all.Mean:F1} {unit}, slope {all.SlopePerHour:+0.00;-0.00} {unit}/h ± {all.StandardError:F2} (1 s.e.) over every sample");
    if (floors)
    {
        var floor = Trend.Fit(windows.Select(g => ((g.Min(s => s.Seconds) - steady[0].Seconds) / 3600, g.Min(pick))).ToList());
        var grows = floor.IsGrowth(hours, 0.05 * floor.Mean);
        growth |= grows;
        line += string.Create(CultureInfo.InvariantCulture,
            $"; floors of {windows.Count} {floorWindow.TotalMinutes:0.##}-min windows: mean {floor.Mean:F1}, slope {floor.SlopePerHour:+0.00;-0.00} {unit}/h ± {floor.StandardError:F2}, over the run {floor.SlopePerHour * hours:+0.00;-0.00} → {(grows ? "GROWTH beyond noise" : "no growth beyond noise")}");
    }
    else if (unit.Length == 0)
    {
        var grows = all.IsGrowth(hours, 2);
        growth |= grows;
        line += string.Create(CultureInfo.InvariantCulture, $", over the run {all.SlopePerHour * hours:+0.00;-0.00} → {(grows ? "GROWTH beyond noise" : "no growth beyond noise")}");
    }
    Console.WriteLine(line);
}
foreach (var failure in failures) Console.WriteLine($"# capture did not complete: {failure}");
return growth ? 1 : failures.Count > 0 ? 2 : 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}
