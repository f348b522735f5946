using System.Globalization;
using Gateway.Soak;

// Soak: N captures for a long time while the gateway's memory, GC heap, fds and threads are sampled; then the
// least-squares slope per hour of each, and whether it is growth beyond noise. Exit 1: growth; 2: a capture failed.
//   dotnet build -c Release && dotnet run -c Release --project bench/Gateway.Soak -- [--soak-minutes 60] [--captures 10]
//       [--sample-seconds 5] [--warmup-seconds 60] [--video-kbps 300] [--gateway path/to/Gateway.Api.dll]
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
// Memory matters beyond 5 % of its mean over the run; fds and threads beyond 2 (one leaked socket pair per hour, say).
foreach (var (name, unit, pick, relevant) in new (string, string, Func<Sample, double>, Func<double, double>)[]
{
    ("rss", "MiB", s => s.Process.RssBytes / 1048576.0, mean => 0.05 * mean),
    ("gc heap", "MiB", s => s.GcHeapBytes / 1048576.0, mean => 0.05 * mean),
    ("fds", "", s => s.Process.FileDescriptors, _ => 2),
    ("threads", "", s => s.Process.Threads, _ => 2),
})
{
    var trend = Trend.Fit(steady.Select(s => ((s.Seconds - steady[0].Seconds) / 3600, pick(s))).ToList());
    var grows = trend.IsGrowth(hours, relevant(trend.Mean));
    growth |= grows;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: mean {trend.Mean:F1} {unit}, slope {trend.SlopePerHour:+0.00;-0.00} {unit}/h ± {trend.StandardError:F2} (1 s.e.), over the run {trend.SlopePerHour * hours:+0.00;-0.00} → {(grows ? "GROWTH beyond noise" : "no growth beyond noise")}"));
}
foreach (var failure in failures) Console.WriteLine($"# capture did not complete: {failure}");
return growth ? 1 : failures.Count > 0 ? 2 : 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}
