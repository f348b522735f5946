using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.TestPeers;

namespace Gateway.LoadHarness;

/// <summary>
/// WHIP set-up latency (issue "WebRTC ingest"): N publishers one after another against a gateway process, each
/// timing POST offer → 201 answer, and POST → first frame written (the capture turns "recording" with its first
/// frame). ICE + DTLS + SRTP are real (our own client stack on loopback).
/// </summary>
internal static class WhipLatency
{
    public static async Task<int> RunAsync(HarnessOptions options, int sessions, string work)
    {
        using var processes = new Processes();
        var data = Directory.CreateDirectory(Path.Combine(work, "whip-latency")).FullName;
        var httpPort = PortFinder.FreeTcpPort();
        processes.Start("dotnet", [options.GatewayDll, "--urls", $"http://127.0.0.1:{httpPort}", "--Gateway:DataDirectory", data,
            "--Gateway:WebRtc:UdpPort", "0", "--Gateway:WebRtc:Addresses:0", "127.0.0.1", "--Logging:LogLevel:Default", "Warning"],
            Path.Combine(data, "gateway.log"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        await PortFinder.WaitHealthyAsync(http);

        var answered = new List<double>();
        var firstFrame = new List<double>();
        for (var i = 0; i < sessions; i++)
        {
            var created = await http.PostAsJsonAsync("/v1/captures", new { source = new { type = "whip" }, outputs = new[] { new { type = "audio" } } });
            var capture = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
            var id = capture["id"]!.GetValue<string>();
            var token = capture["source"]!["bearerToken"]!.GetValue<string>();
            await using var publisher = new LoopbackWhipPublisher();
            var clock = Stopwatch.StartNew();
            var (status, body) = await publisher.PostOfferAsync(http, capture["source"]!["whipUrl"]!.GetValue<string>(), token);
            var postMs = publisher.AnswerTime.TotalMilliseconds;
            if (status != HttpStatusCode.Created) throw new InvalidOperationException($"WHIP POST {status}: {body}");
            await publisher.ConnectAsync(TimeSpan.FromSeconds(10));
            publisher.StartMedia();
            while (JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{id}"))!["state"]!.GetValue<string>() != "recording")
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(15)) throw new TimeoutException($"capture {id} never recorded");
                await Task.Delay(2);
            }
            var frameMs = clock.Elapsed.TotalMilliseconds;
            if (i >= Math.Min(5, sessions / 5))                      // the first few warm up the JIT on both sides
            {
                answered.Add(postMs);
                firstFrame.Add(frameMs);
            }
            await publisher.DeleteAsync(http, token);
            // Let the capture finish (its ffmpeg finalizes) so each POST is timed on a gateway that is otherwise idle.
            while (JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{id}"))!["state"]!.GetValue<string>() is not ("completed" or "failed"))
                await Task.Delay(10);
        }

        Console.WriteLine($"WHIP set-up over {answered.Count} sessions (after {sessions - answered.Count} warm-up), gateway on loopback:");
        Console.WriteLine("| measure | p50 ms | p90 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|");
        Print("POST offer → 201 answer", answered);
        Print("POST offer → first frame written", firstFrame);
        return 0;
    }

    private static void Print(string name, List<double> values)
    {
        values.Sort();
        double At(double q) => values[Math.Min(values.Count - 1, (int)Math.Round(q * (values.Count - 1)))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {At(0.5):F1} | {At(0.9):F1} | {values[^1]:F1} |"));
    }
}
