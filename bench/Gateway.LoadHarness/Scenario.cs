using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gateway.LoadHarness;

internal static partial class Scenario
{
    private static int _nextPort = 46000 + Random.Shared.Next(500) * 2;

    public static async Task<Row> RunGatewayAsync(HarnessOptions options, PreEncoded media, int n, string work)
    {
        using var processes = new Processes();
        var data = Directory.CreateDirectory(Path.Combine(work, $"gateway-{n}")).FullName;
        var httpPort = FreeTcpPort();
        var gateway = processes.Start("dotnet", [options.GatewayDll, "--urls", $"http://127.0.0.1:{httpPort}",
            "--Gateway:DataDirectory", data, "--Gateway:Rtp:PortRange", "44000-45999", "--Logging:LogLevel:Default", "Warning"],
            Path.Combine(data, "gateway.log"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        await WaitHealthyAsync(http);

        var ids = new List<string>();
        var senders = new Processes();
        try
        {
            for (var i = 0; i < n; i++)
            {
                var response = await http.PostAsJsonAsync("/v1/captures", new
                {
                    name = $"load-{i}",
                    source = new { type = "rtp", sdp = PreEncoded.Sdp(0, 0) },
                    outputs = new[] { new { type = "mp4" } },
                });
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"create failed: {(int)response.StatusCode} {body}");
                var capture = JsonNode.Parse(body)!;
                ids.Add(capture["id"]!.GetValue<string>());
                var ports = MediaPort().Matches(capture["source"]!["answerSdp"]!.GetValue<string>())
                    .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
                senders.Start("ffmpeg", media.SenderArguments(ports[0], ports[1]));
            }
            await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
            var (cpu, rss, count) = await Sampler.MeasureAsync(() => [gateway.Id], TimeSpan.FromSeconds(options.Seconds));
            senders.Dispose();
            foreach (var id in ids) (await http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
            var ok = 0;
            var notes = new List<string>();
            foreach (var id in ids)
            {
                var capture = await WaitFinishedAsync(http, id);
                var location = capture["outputs"]![0]!["location"]?.GetValue<string>();
                var (good, note) = location is null ? (false, "no output") : await CheckFileAsync(new Uri(location).LocalPath, options.Seconds);
                if (good) ok++;
                else notes.Add($"{id}: {note}");
            }
            return new Row("gateway", n, cpu, rss, count, ok, string.Join("; ", notes.Take(3)));
        }
        finally
        {
            senders.Dispose();
        }
    }

    public static async Task<Row> RunFfmpegDirectAsync(HarnessOptions options, PreEncoded media, int n, string work)
    {
        using var receivers = new Processes();
        using var senders = new Processes();
        var dir = Directory.CreateDirectory(Path.Combine(work, $"direct-{n}")).FullName;
        var outputs = new List<string>();
        var receiverProcesses = new List<System.Diagnostics.Process>();
        var pairs = new List<(int Video, int Audio)>();
        for (var i = 0; i < n; i++)
        {
            var (video, audio) = (NextPair(), NextPair());
            pairs.Add((video, audio));
            var sdp = Path.Combine(dir, $"stream-{i}.sdp");
            await File.WriteAllTextAsync(sdp, PreEncoded.Sdp(video, audio));
            var output = Path.Combine(dir, $"out-{i}.mp4");
            outputs.Add(output);
            receiverProcesses.Add(receivers.Start("ffmpeg", ["-nostdin", "-v", "error", "-protocol_whitelist", "file,udp,rtp", "-i", sdp,
                "-c", "copy", "-y", output]));
        }
        await Task.Delay(500);       // receivers listen before the first packet (peers.md: start the receiver first)
        foreach (var (video, audio) in pairs) senders.Start("ffmpeg", media.SenderArguments(video, audio));
        await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
        var (cpu, rss, count) = await Sampler.MeasureAsync(() => receivers.Ids, TimeSpan.FromSeconds(options.Seconds));
        senders.Dispose();
        // SIGINT-like stop: ffmpeg writes the trailer when its input times out; give it a moment, then kill what's left.
        foreach (var p in receiverProcesses)
        {
            try
            {
                p.StandardInput.Write('q');
                p.StandardInput.Flush();
            }
            catch (IOException)
            {
                // already gone
            }
        }
        foreach (var p in receiverProcesses) p.WaitForExit(15000);
        var ok = 0;
        var notes = new List<string>();
        foreach (var output in outputs)
        {
            var (good, note) = await CheckFileAsync(output, options.Seconds);
            if (good) ok++;
            else notes.Add($"{Path.GetFileName(output)}: {note}");
        }
        return new Row("ffmpeg direct", n, cpu, rss, count, ok, string.Join("; ", notes.Take(3)));
    }

    private static async Task<(bool Ok, string Note)> CheckFileAsync(string path, int windowSeconds)
    {
        if (!File.Exists(path)) return (false, "missing");
        var (exit, duration) = await Processes.RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
            TimeSpan.FromSeconds(60));
        if (exit != 0 || !double.TryParse(duration.Trim(), CultureInfo.InvariantCulture, out var seconds)) return (false, "unreadable");
        if (seconds < windowSeconds) return (false, $"only {seconds:F1} s");
        var (_, errors) = await Processes.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-i", path, "-f", "null", "-"], TimeSpan.FromMinutes(2));
        return errors.Trim().Length == 0 ? (true, "") : (false, "decode errors");
    }

    internal static async Task WaitHealthyAsync(HttpClient http)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("gateway did not become healthy");
    }

    private static async Task<JsonNode> WaitFinishedAsync(HttpClient http, string id)
    {
        for (var i = 0; i < 600; i++)
        {
            var capture = JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{id}"))!;
            if (capture["state"]!.GetValue<string>() is "completed" or "failed") return capture;
            await Task.Delay(100);
        }
        throw new TimeoutException($"capture {id} did not finish");
    }

    private static int NextPair()
    {
        while (true)
        {
            var port = Interlocked.Add(ref _nextPort, 2);
            if (UdpFree(port) && UdpFree(port + 1)) return port;
        }
    }

    private static bool UdpFree(int port)
    {
        try
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static int FreeTcpPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"m=\w+ (\d+) ")]
    private static partial Regex MediaPort();
}
