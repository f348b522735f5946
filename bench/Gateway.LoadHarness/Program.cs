using System.Globalization;
using Gateway.LoadHarness;
using Gateway.LoadHarness.Replay;

// Capacity run (issues "Plain RTP capture" and "Capacity"): N concurrent 2.5 Mbit/s H.264 + Opus publishers — WebRTC
// over WHIP (real ICE, DTLS, SRTP) and plain RTP — recorded by the gateway (with its ffmpeg children) and, in the same
// run, the same N plain RTP streams received by N `ffmpeg -i stream.sdp -c copy out.mp4`. Every sender replays one
// pre-encoded, pre-packetized file from a few shared threads.
// Usage: dotnet run -c Release --project bench/Gateway.LoadHarness -- [--streams 1,10,50,100] [--seconds 20] [--warmup 5]
//        [--modes webrtc,rtp,direct,webrtc-cached,rtp-cached] [--audio opus,aac] [--gateway path/to/Gateway.Api.dll] [--plots docs] [--keep] [--decode-all]
//        --plot-csv docs/performance.csv: only redraw the plots from a run's CSV (e.g. several runs' rows joined).
//        --whip-sessions N: instead, time WHIP set-up (POST → 201, POST → first frame) over N sessions in a row.
var options = HarnessOptions.Parse(args);
using var work = new WorkDirectory(options.Keep);
Console.WriteLine($"work directory: {work.Path}; load average {options.LoadBefore}");
if (Array.IndexOf(args, "--plot-csv") is var csv and >= 0)
{
    Plot.FromCsv(args[csv + 1], options.PlotDirectory ?? Path.GetDirectoryName(Path.GetFullPath(args[csv + 1]))!);
    return 0;
}
if (Array.IndexOf(args, "--whip-sessions") is var at and >= 0)
    return await WhipLatency.RunAsync(options, int.Parse(args[at + 1], CultureInfo.InvariantCulture), work.Path);
if (Array.IndexOf(args, "--output-topology") is var topology and >= 0)   // one ffmpeg per output or one for all: CPU
    return await OutputTopology.RunAsync(int.Parse(args[topology + 1], CultureInfo.InvariantCulture), work.Path);
var media = await PreEncoded.CreateAsync(work.Path, options.Bitrate);
var stream = await RecordedStream.CaptureAsync(media, TimeSpan.FromSeconds(PreEncoded.Seconds));
Console.WriteLine($"pre-encoded {media.Path}: {stream.Video.Length} video packets ({stream.VideoFramesPerLoop} frames), {stream.Audio.Length} Opus packets, "
    + $"{stream.Bytes * 8 / PreEncoded.Seconds / 1000} kbit/s of payload");

var rows = new List<Row>();
var runFailed = false;
foreach (var n in options.Streams)
{
    foreach (var mode in options.Modes)
    {
        try
        {
            // "webrtc-cached"/"rtp-cached": the gateway with Gateway:DropWrittenPages=false, the page cache left to grow;
            // "webrtc-ffmpeg"/"rtp-ffmpeg": with Gateway:NativeMp4=false, an ffmpeg child writing each mp4 (as before).
            var ingest = mode.StartsWith("webrtc", StringComparison.Ordinal) ? Ingest.Whip : Ingest.Rtp;
            if (mode == "direct") rows.Add(await DirectRun.RunAsync(options, stream, n, work.Path));
            else
                foreach (var audio in options.Audio)
                    rows.Add(await GatewayRun.RunAsync(options, stream, n, ingest, audio, work.Path, keepPages: mode.EndsWith("-cached", StringComparison.Ordinal),
                        viaFfmpeg: mode.EndsWith("-ffmpeg", StringComparison.Ordinal)));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            Console.WriteLine($"N={n} {mode}: failed: {ex.Message}");
            runFailed = true;
        }
    }
    Report.Print(rows, options);                       // after every N: a long run shows what it has so far
    if (options.PlotDirectory is { } plots) Plot.Write(rows, plots);
}
// Fails when a gateway row lost a file or wrote one that does not decode; ffmpeg direct falling behind at some N is
// a finding of the comparison (its rows say so), not a failure of the run.
return !runFailed && rows.Where(r => r.IsGateway).All(r => r.Complete == r.Streams && r.DecodeErrors == 0) ? 0 : 1;

internal sealed record HarnessOptions(int[] Streams, int Seconds, int Warmup, string GatewayDll, string Bitrate, bool Keep,
    string[] Modes, string[] Audio, string? PlotDirectory, string LoadBefore)
{
    /// <summary>Decode every file with `ffmpeg -v error` instead of a sample beyond <see cref="Row.DecodeSample"/> files
    /// (minutes of CPU at N = 100, after the measured window).</summary>
    public bool DecodeAll { get; init; }

    /// <summary>One sending thread per 50 publishers, at most two: the harness stays small beside what it measures.</summary>
    public int SenderThreads(int n) => Math.Clamp((n + 49) / 50, 1, 2);

    public static HarnessOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var root = FindRoot();
        var dll = Value("--gateway", Path.Combine(root, "src", "Gateway.Api", "bin", "Release", "net10.0", "Gateway.Api.dll"));
        var plots = Value("--plots", Path.Combine(root, "docs"));
        return new HarnessOptions(
            Value("--streams", "1,10,50,100").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            int.Parse(Value("--seconds", "20"), CultureInfo.InvariantCulture),
            int.Parse(Value("--warmup", "10"), CultureInfo.InvariantCulture),
            dll, Value("--bitrate", "2500k"), args.Contains("--keep"),
            Value("--modes", "webrtc,rtp,direct").Split(','), Value("--audio", "opus,aac").Split(','),
            plots == "none" ? null : plots, Report.Load()) { DecodeAll = args.Contains("--decode-all") };
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln"))) return dir.FullName;
        return Environment.CurrentDirectory;
    }
}

internal sealed class WorkDirectory(bool keep) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("gateway-load-").FullName;

    public void Dispose()
    {
        if (!keep) Directory.Delete(Path, recursive: true);
    }
}
