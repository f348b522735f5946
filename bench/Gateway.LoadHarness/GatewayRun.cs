using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gateway.LoadHarness.Replay;
using Gateway.TestPeers;

namespace Gateway.LoadHarness;

internal enum Ingest { Whip, Rtp }

/// <summary>
/// N publishers into one gateway process (WebRTC over WHIP with real ICE, DTLS and SRTP, or plain RTP), each recorded
/// to an mp4 by the gateway's ffmpeg children; the gateway's process tree is measured over the window.
/// </summary>
internal static partial class GatewayRun
{
    public static async Task<Row> RunAsync(HarnessOptions options, RecordedStream stream, int n, Ingest ingest, string audioCodec, string work,
        bool keepPages = false, bool viaFfmpeg = false)
    {
        var mode = $"gateway {(ingest == Ingest.Whip ? "webrtc" : "rtp")} mp4/{audioCodec}{(keepPages ? " pages cached" : "")}{(viaFfmpeg ? " via ffmpeg" : "")}";
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} N={n} {mode}: starting");
        using var processes = new Processes();
        var data = Directory.CreateDirectory(Path.Combine(work, $"gateway-{ingest}-{audioCodec}-{n}{(keepPages ? "-cached" : "")}{(viaFfmpeg ? "-ffmpeg" : "")}")).FullName;
        var log = Path.Combine(data, "gateway.log");
        var httpPort = PortFinder.FreeTcpPort();
        var gateway = processes.Start("dotnet", [options.GatewayDll, "--urls", $"http://127.0.0.1:{httpPort}",
            "--Gateway:DataDirectory", data, "--Gateway:Rtp:PortRange", "44000-45999", "--Gateway:MaxConcurrentCaptures", "1000",
            "--Gateway:MinFreeDiskMegabytes", "0", "--Gateway:StopFreeDiskMegabytes", "0",
            "--Gateway:WebRtc:UdpPort", "0", "--Gateway:WebRtc:Addresses:0", "127.0.0.1", "--Logging:LogLevel:Default", "Warning",
            "--Gateway:DropWrittenPages", keepPages ? "false" : "true", "--Gateway:NativeMp4", viaFfmpeg ? "false" : "true"], log);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromMinutes(2) };
        await PortFinder.WaitHealthyAsync(http);

        var ids = new List<string>();
        var sessions = new List<ReplaySession>();
        var ports = new HashSet<int>();
        var publishers = new List<LoopbackWhipPublisher>();
        var scheduler = new ReplayScheduler(options.SenderThreads(n));
        try
        {
            for (var i = 0; i < n; i++)
            {
                var response = await http.PostAsJsonAsync("/v1/captures", new
                {
                    name = $"load-{i}",
                    source = ingest == Ingest.Whip ? (object)new { type = "whip" } : new { type = "rtp", sdp = PreEncoded.Sdp(0, 0) },
                    outputs = new[] { new { type = "mp4", audioCodec } },
                });
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"create failed: {(int)response.StatusCode} {body}");
                var capture = JsonNode.Parse(body)!;
                ids.Add(capture["id"]!.GetValue<string>());
                ReplaySession session;
                if (ingest == Ingest.Whip)
                {
                    var publisher = new LoopbackWhipPublisher { WithH264Video = true };
                    publishers.Add(publisher);
                    var (status, answer) = await publisher.PostOfferAsync(http, capture["source"]!["whipUrl"]!.GetValue<string>(),
                        capture["source"]!["bearerToken"]!.GetValue<string>());
                    if (status != HttpStatusCode.Created) throw new InvalidOperationException($"WHIP POST {status}: {answer}");
                    await publisher.ConnectAsync(TimeSpan.FromSeconds(30));
                    ports.Add(publisher.GatewayEndPoint!.Port);
                    // Sends from the moment its own handshake is done, as a browser does: the gateway holds SRTP that
                    // arrives before its keys are installed (WebRtcPeer.TryHoldEarly), so the first key frame is kept
                    // even though a file replay cannot answer a PLI.
                    session = new WhipReplaySession(stream, publisher);
                }
                else
                {
                    var bound = MediaPort().Matches(capture["source"]!["answerSdp"]!.GetValue<string>())
                        .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
                    foreach (var p in bound) ports.UnionWith([p, p + 1]);
                    session = new PlainRtpSession(stream, bound[0], bound[1]);
                }
                sessions.Add(session);
                scheduler.Add(session);
            }
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} N={n} {mode}: all {n} publishing; warm-up {options.Warmup} s, window {options.Seconds} s");
            await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
            var countersBefore = await Drops.AllocationCountersAsync(http);
            var window = await Sampler.MeasureAsync(() => [gateway.Id], TimeSpan.FromSeconds(options.Seconds));
            var countersAfter = await Drops.AllocationCountersAsync(http);
            var packets = countersAfter.Packets - countersBefore.Packets;
            var bytesPerPacket = packets > 0 ? (countersAfter.Allocated - countersBefore.Allocated) / packets : double.NaN;
            var kernelDrops = Drops.KernelUdp(ports);
            // Drops while the publishers were sending (start-up included) are the "kept up" figure; after the stop the
            // shared WebRTC port also drops, rightly, the consent checks and reports of publishers whose capture ended.
            var whilePublishing = await Drops.GatewayMetricsAsync(http);
            foreach (var s in sessions) s.Stop();
            await Task.Delay(1500);                         // what is in flight reaches the files before the stop
            foreach (var id in ids) (await http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
            var files = new List<string?>();
            foreach (var id in ids)
            {
                var capture = await WaitFinishedAsync(http, id);
                files.Add(capture["outputs"]![0]!["location"]?.GetValue<string>() is { } location ? new Uri(location).LocalPath : null);
            }
            var sinkDrops = Drops.SinkDropsInLog(log);
            var gatewayDrops = whilePublishing.Values.Sum() + sinkDrops;
            var afterStop = await Drops.GatewayMetricsAsync(http);
            var dropNote = string.Join("; ", new[]
            {
                gatewayDrops == 0 ? "" : "gateway drops while publishing: " + Series(whilePublishing, sinkDrops),
                afterStop.Values.Sum() == whilePublishing.Values.Sum() ? "" : "after the stop: " + Series(afterStop, 0),
            }.Where(s => s.Length > 0));
            var failures = sessions.Sum(s => s.SendFailures);
            var feedback = publishers.Count == 0 ? "" : $"publishers got {publishers.Sum(p => p.RtcpReceived)} RTCP ({publishers.Sum(p => p.Plis)} PLI, {publishers.Sum(p => p.Nacks)} NACK)";
            return await Row.CheckAsync(mode, n, window with { AllocatedBytesPerPacket = bytesPerPacket }, files, sessions, gatewayDrops, kernelDrops,
                string.Join("; ", new[] { failures > 0 ? $"{failures} sends failed" : "", feedback, dropNote }.Where(s => s.Length > 0)), options.DecodeAll);
        }
        finally
        {
            scheduler.Dispose();
            foreach (var s in sessions) (s as IDisposable)?.Dispose();
            foreach (var p in publishers) await p.DisposeAsync();
        }
    }

    private static string Series(IReadOnlyDictionary<string, long> series, long sinkDrops) => string.Join(", ",
        series.Select(p => $"{p.Key} {p.Value}").Append(sinkDrops > 0 ? $"recorder queues {sinkDrops}" : "").Where(s => s.Length > 0));

    private static async Task<JsonNode> WaitFinishedAsync(HttpClient http, string id)
    {
        for (var i = 0; i < 1200; i++)
        {
            var capture = JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{id}"))!;
            if (capture["state"]!.GetValue<string>() is "completed" or "failed") return capture;
            await Task.Delay(100);
        }
        throw new TimeoutException($"capture {id} did not finish");
    }

    [GeneratedRegex(@"m=\w+ (\d+) ")]
    private static partial Regex MediaPort();
}
