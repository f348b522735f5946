using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gateway.Soak;

internal sealed record SoakOptions(TimeSpan Duration, int Captures, TimeSpan SampleEvery, TimeSpan Warmup, string GatewayDll, int VideoKbps);

/// <param name="RetainedHeapBytes">gen2 + LOH + POH after the last collection: what survived, without the young
/// generations whose size only says how long ago the last gen0 collection was.</param>
internal sealed record Sample(double Seconds, ProcessSample Process, double GcHeapBytes, double RetainedHeapBytes);

/// <summary>
/// One soak run: a gateway child process, N RTP captures fed by N ffmpeg senders (low-rate H.264 + Opus, endless),
/// sampled every few seconds; at the end every capture is stopped and must complete with a non-empty file.
/// </summary>
internal sealed partial class SoakRun(SoakOptions options) : IDisposable
{
    private readonly List<Process> _children = [];
    private readonly string _data = Directory.CreateTempSubdirectory("gateway-soak-").FullName;

    /// <summary>Captures that did not end completed with a file (a finding to report, not a reason to lose the series).</summary>
    public List<string> Failures { get; } = [];

    public async Task<IReadOnlyList<Sample>> RunAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var port = FreeTcpPort();
        var gateway = Start("dotnet", [options.GatewayDll, "--urls", $"http://127.0.0.1:{port}", "--Gateway:DataDirectory", _data,
            "--Gateway:WebRtc:UdpPort", "0", "--Gateway:WebRtc:Addresses:0", "127.0.0.1", "--Gateway:MinFreeDiskMegabytes", "0",
            "--Gateway:StopFreeDiskMegabytes", "0", "--Logging:LogLevel:Default", "Warning"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await WaitHealthyAsync(http, gateway, cancellationToken);

        var ids = new List<string>();
        for (var i = 0; i < options.Captures; i++)
        {
            var sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=soak\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
                      "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n" +
                      "m=audio 0 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n";
            using var response = await http.PostAsJsonAsync("/v1/captures", new { name = $"soak-{i}", source = new { type = "rtp", sdp }, outputs = new[] { new { type = "mp4" } } }, cancellationToken);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"create failed: {body}");
            ids.Add(body["id"]!.GetValue<string>());
            var ports = MediaPort().Matches(body["source"]!["answerSdp"]!.GetValue<string>()).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
            Start("ffmpeg", Sender(ports[0], ports[1]));
        }
        log.WriteLine($"# {options.Captures} captures, gateway pid {gateway.Id}, sampling every {options.SampleEvery.TotalSeconds} s for {options.Duration.TotalMinutes} min");
        log.WriteLine("seconds,rss_mib,gc_heap_mib,fds,threads,retained_heap_mib");

        var samples = new List<Sample>();
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(options.SampleEvery);
        while (clock.Elapsed < options.Duration && await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (gateway.HasExited) throw new InvalidOperationException($"the gateway exited with {gateway.ExitCode}");
            var (heap, retained) = await GcHeapAsync(http, cancellationToken);
            var sample = new Sample(clock.Elapsed.TotalSeconds, ProcessSample.Read(gateway.Id), heap, retained);
            samples.Add(sample);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sample.Seconds:F0},{sample.Process.RssBytes / 1048576.0:F1},{sample.GcHeapBytes / 1048576.0:F1},{sample.Process.FileDescriptors},{sample.Process.Threads},{sample.RetainedHeapBytes / 1048576.0:F1}"));
        }

        foreach (var id in ids) (await http.PostAsync($"/v1/captures/{id}/stop", null, cancellationToken)).EnsureSuccessStatusCode();
        foreach (var id in ids)
        {
            var capture = await WaitEndedAsync(http, id, cancellationToken);
            var output = capture["outputs"]![0]!;
            log.WriteLine($"# {id}: {capture["state"]} {capture["endReason"]}, {output["bytes"]} bytes, {output["durationSeconds"]} s, error {capture["error"]}");
            if (capture["state"]!.GetValue<string>() != "completed" || output["bytes"]!.GetValue<long>() == 0)
                Failures.Add($"{id}: {capture["state"]}, {output["bytes"]} bytes, {capture["error"]}");
        }
        return samples;
    }

    private List<string> Sender(int videoPort, int audioPort) =>
    [
        "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=s=320x240:r=15", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-map", "0:v", "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-preset", "ultrafast", "-tune", "zerolatency",
        "-bf", "0", "-g", "30", "-x264-params", "repeat-headers=1", "-b:v", $"{options.VideoKbps}k",
        "-payload_type", "96", "-f", "rtp", $"rtp://127.0.0.1:{videoPort}?pkt_size=1200",
        "-map", "1:a", "-c:a", "libopus", "-ac", "2", "-b:a", "32k", "-payload_type", "111", "-f", "rtp", $"rtp://127.0.0.1:{audioPort}",
    ];

    /// <summary>The managed heap after the last GC (System.Runtime meter at /metrics): all generations, and the
    /// retained part (gen2, LOH, POH).</summary>
    private static async Task<(double All, double Retained)> GcHeapAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var text = await http.GetStringAsync("/metrics", cancellationToken);
        var lines = text.Split('\n').Where(l => l.StartsWith("dotnet_gc_last_collection_heap_size_bytes", StringComparison.Ordinal)).ToList();
        static double Value(string line) => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        return (lines.Sum(Value), lines.Where(l => !l.Contains("\"gen0\"", StringComparison.Ordinal) && !l.Contains("\"gen1\"", StringComparison.Ordinal)).Sum(Value));
    }

    private static async Task<JsonNode> WaitEndedAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 600; i++)
        {
            var capture = JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{id}", cancellationToken))!;
            if (capture["state"]!.GetValue<string>() is "completed" or "failed") return capture;
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"capture {id} did not end");
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process gateway, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await http.GetAsync("/healthz", cancellationToken)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (gateway.HasExited) break;
            await Task.Delay(100, cancellationToken);
        }
        throw new InvalidOperationException("the gateway did not start");
    }

    private Process Start(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };   // drained so a chatty child never blocks on a full pipe
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _children.Add(process);
        return process;
    }

    private static int FreeTcpPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var process in Enumerable.Reverse(_children))
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            process.Dispose();
        }
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // a file still open by a dying child: the temp folder is left behind, not an error of the run
        }
    }

    [GeneratedRegex(@"m=\w+ (\d+) ")]
    private static partial Regex MediaPort();
}
