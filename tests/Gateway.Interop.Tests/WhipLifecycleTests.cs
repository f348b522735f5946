using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Gateway.TestPeers;
using Gateway.Rtc.Dtls;
using Gateway.Worker.WebRtc;
using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Interop.Tests;

/// <summary>
/// Every way a WHIP session ends — DELETE, consent expiry, a failed DTLS handshake, capture stop, gateway shutdown —
/// frees the peer, and 200 sessions in a row leave memory and handles where they were. The publisher is our own
/// loopback client (fast, scriptable); browsers and libwebrtc are in the Chromium and wrtc tests.
/// </summary>
public sealed class WhipLifecycleTests(ITestOutputHelper output)
{
    private static readonly object Request = new { name = "whip-lifecycle", source = new { type = "whip" }, outputs = new[] { new { type = "audio" } } };

    private static GatewayFactory Gateway(TempDirectory dir) => new(Path.Combine(dir.Path, "data"),
        new Dictionary<string, string?> { ["Gateway:WebRtc:ConsentTimeout"] = "00:00:02" });

    private static (string Id, string Token, string Url) Parse(JsonNode capture) =>
        (capture["id"]!.GetValue<string>(), capture["source"]!["bearerToken"]!.GetValue<string>(), capture["source"]!["whipUrl"]!.GetValue<string>());

    [Fact]
    public async Task Delete_ends_a_recording_session_with_a_complete_file_and_feedback_reached_the_publisher()
    {
        using var dir = new TempDirectory();
        await using var gateway = Gateway(dir);
        using var http = gateway.CreateClient();
        var (id, token, url) = Parse(await gateway.CreateCaptureAsync(http, Request));
        await using var publisher = new LoopbackWhipPublisher();
        var (status, answer) = await publisher.PostOfferAsync(http, url, token);
        Assert.True(status == HttpStatusCode.Created, answer);
        await publisher.ConnectAsync(TimeSpan.FromSeconds(10));
        publisher.StartMedia();
        await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(10), "recording");
        await Task.Delay(2500);                                    // at least two report intervals
        publisher.StopMedia();
        await Task.Delay(200);                                     // the last packets arrive before the DELETE
        var sent = publisher.PacketsSent;
        Assert.Equal(HttpStatusCode.OK, await publisher.DeleteAsync(http, token));

        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(15), "completed", "failed");
        Assert.Equal(("completed", "sourceEnded"), (done["state"]!.GetValue<string>(), done["endReason"]!.GetValue<string>()));
        var track = done["tracks"]![0]!;
        // Everything sent arrived (loopback, no loss); the receiver's probation holds back at most the first packet.
        // The count, not the wall clock, says how much media there is: a loaded machine slows the sender's pace.
        Assert.True(sent >= 50, $"the publisher sent only {sent} packets");
        Assert.InRange(track["packetsReceived"]!.GetValue<long>(), sent - 1, sent);
        Assert.True(publisher.ReceiverReports >= 2, $"receiver reports: {publisher.ReceiverReports}");
        Assert.True(publisher.Rembs >= 2, $"REMB: {publisher.Rembs}");
        var probe = await MediaProbe.ProbeAsync(new Uri(done["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath);
        Assert.InRange(probe.DurationSeconds, sent * 0.020 - 0.5, sent * 0.020 + 0.5);   // 20 ms of Opus per packet
        Assert.Equal(0, gateway.Services.GetRequiredService<WebRtcHost>().Peers);

        // /metrics: captures by state and per-track totals by kind, this capture's packets included.
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Matches(@"gateway_captures\{[^}]*state=""completed""[^}]*\} 1", metrics);
        var packets = System.Text.RegularExpressions.Regex.Match(metrics, @"gateway_track_packets_total\{[^}]*kind=""audio""[^}]*\} (\d+)");
        Assert.True(packets.Success, metrics);
        Assert.Equal(track["packetsReceived"]!.GetValue<long>(), long.Parse(packets.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        var bytes = System.Text.RegularExpressions.Regex.Match(metrics, @"gateway_track_bytes_total\{[^}]*kind=""audio""[^}]*\} (\d+)");
        Assert.True(bytes.Success, metrics);
        Assert.Equal(track["bytesReceived"]!.GetValue<long>(), long.Parse(bytes.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(track["bytesReceived"]!.GetValue<long>() > 12 * sent, "every RTP packet has at least its 12-byte header");
    }

    [Fact]
    public async Task With_an_ipv4_and_an_ipv6_address_both_are_candidates_and_a_publisher_records_over_ipv6()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"),
            new Dictionary<string, string?> { ["Gateway:WebRtc:Addresses:1"] = "::1" });   // :0 is 127.0.0.1
        using var http = gateway.CreateClient();
        var (id, token, url) = Parse(await gateway.CreateCaptureAsync(http, Request));
        await using var publisher = new LoopbackWhipPublisher(IPAddress.IPv6Loopback);
        var (status, answer) = await publisher.PostOfferAsync(http, url, token);
        Assert.True(status == HttpStatusCode.Created, answer);
        Assert.Matches(@"a=candidate:\d+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host", answer);
        Assert.Matches(@"a=candidate:\d+ 1 udp \d+ ::1 \d+ typ host", answer);
        Assert.Equal(IPAddress.IPv6Loopback, publisher.GatewayEndPoint!.Address);
        await publisher.ConnectAsync(TimeSpan.FromSeconds(10));
        publisher.StartMedia();
        await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(10), "recording");
        await Task.Delay(1500);
        Assert.Equal(HttpStatusCode.OK, await publisher.DeleteAsync(http, token));
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(15), "completed", "failed");
        Assert.Equal(("completed", "sourceEnded"), (done["state"]!.GetValue<string>(), done["endReason"]!.GetValue<string>()));
        var packets = done["tracks"]![0]!["packetsReceived"]!.GetValue<long>();
        Assert.True(packets > 20, $"{packets} packets over IPv6: {done.ToJsonString()}");
    }

    [Fact]
    public async Task A_publisher_that_stops_answering_consent_ends_the_source()
    {
        using var dir = new TempDirectory();
        await using var gateway = Gateway(dir);
        using var http = gateway.CreateClient();
        var (id, token, url) = Parse(await gateway.CreateCaptureAsync(http, Request));
        await using var publisher = new LoopbackWhipPublisher();
        await publisher.PostOfferAsync(http, url, token);
        await publisher.ConnectAsync(TimeSpan.FromSeconds(10));
        publisher.StartMedia();
        await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(10), "recording");
        publisher.StopChecks();
        publisher.StopMedia();                                     // the browser tab died
        var stopwatch = Stopwatch.StartNew();
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(15), "completed", "failed");
        Assert.Equal("sourceEnded", done["endReason"]!.GetValue<string>());
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6));   // 2 s consent timeout
        Assert.Equal(0, gateway.Services.GetRequiredService<WebRtcHost>().Peers);
    }

    [Fact]
    public async Task A_handshake_with_the_wrong_fingerprint_is_refused_and_the_capture_waits_for_an_honest_publisher()
    {
        using var dir = new TempDirectory();
        await using var gateway = Gateway(dir);
        using var http = gateway.CreateClient();
        var (id, token, url) = Parse(await gateway.CreateCaptureAsync(http, Request));
        await using (var liar = new LoopbackWhipPublisher { LieAboutFingerprint = true })
        {
            Assert.Equal(HttpStatusCode.Created, (await liar.PostOfferAsync(http, url, token)).Status);
            await Assert.ThrowsAnyAsync<Exception>(() => liar.ConnectAsync(TimeSpan.FromSeconds(10)));
        }
        // The failed session is dropped on the next tick; until then a new offer is 409.
        await using var honest = new LoopbackWhipPublisher();
        var status = HttpStatusCode.Conflict;
        for (var i = 0; i < 50 && status == HttpStatusCode.Conflict; i++)
        {
            await Task.Delay(100);
            status = (await honest.PostOfferAsync(http, url, token)).Status;
        }
        Assert.Equal(HttpStatusCode.Created, status);
        await honest.ConnectAsync(TimeSpan.FromSeconds(10));
        honest.StartMedia();
        await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(10), "recording");
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/v1/captures/{id}/stop", null)).StatusCode);
        var done = await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(15), "completed", "failed");
        Assert.Equal(("completed", "stopped"), (done["state"]!.GetValue<string>(), done["endReason"]!.GetValue<string>()));
        Assert.Equal(0, gateway.Services.GetRequiredService<WebRtcHost>().Peers);
    }

    [Fact]
    public async Task Shutdown_finalizes_a_live_whip_capture()
    {
        using var dir = new TempDirectory();
        string id;
        await using (var gateway = Gateway(dir))
        {
            using var http = gateway.CreateClient();
            string token, url;
            (id, token, url) = Parse(await gateway.CreateCaptureAsync(http, Request));
            await using var publisher = new LoopbackWhipPublisher();
            await publisher.PostOfferAsync(http, url, token);
            await publisher.ConnectAsync(TimeSpan.FromSeconds(10));
            publisher.StartMedia();
            await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(10), "recording");
            await Task.Delay(1500);
        }                                                          // the host stops: SIGTERM's path
        var record = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir.Path, "data", "captures", id, "capture.json")))!;
        var capture = record["record"] ?? record;
        Assert.Equal(("completed", "stopped"), (capture["state"]!.GetValue<string>(), capture["endReason"]!.GetValue<string>()));
        var probe = await MediaProbe.ProbeAsync(new Uri(capture["outputs"]![0]!["location"]!.GetValue<string>()).LocalPath);
        Assert.InRange(probe.DurationSeconds, 0.5, 4.0);
    }

    [Fact]
    public async Task Two_hundred_sessions_in_a_row_leave_memory_and_handles_at_their_baseline()
    {
        using var dir = new TempDirectory();
        await using var gateway = Gateway(dir);
        using var http = gateway.CreateClient();
        var host = gateway.Services.GetRequiredService<WebRtcHost>();

        async Task OneSessionAsync(int n)
        {
            var (id, token, url) = Parse(await gateway.CreateCaptureAsync(http, Request));
            await using var publisher = new LoopbackWhipPublisher { LieAboutFingerprint = n % 10 == 3 };
            var (status, body) = await publisher.PostOfferAsync(http, url, token);
            Assert.True(status == HttpStatusCode.Created, body);
            if (publisher.LieAboutFingerprint)
            {
                await Assert.ThrowsAnyAsync<DtlsHandshakeException>(() => publisher.ConnectAsync(TimeSpan.FromSeconds(10)));
            }
            else
            {
                await publisher.ConnectAsync(TimeSpan.FromSeconds(10));
                if (n % 10 == 0)
                {
                    publisher.StartMedia();                        // every tenth records (and runs an ffmpeg)
                    await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(10), "recording");
                }
            }
            if (n % 2 == 0 && !publisher.LieAboutFingerprint) Assert.Equal(HttpStatusCode.OK, await publisher.DeleteAsync(http, token));
            else await http.PostAsync($"/v1/captures/{id}/stop", null);
            await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(15), "completed", "failed");
        }

        var clock = Stopwatch.StartNew();
        for (var n = 0; n < 20; n++) await OneSessionAsync(n);    // warm-up: JIT, pools, thread pool growth
        var before = Sample();
        for (var n = 20; n < 200; n++) await OneSessionAsync(n);
        await Task.Delay(500);
        var after = Sample();
        output.WriteLine($"200 sessions in {clock.Elapsed.TotalSeconds:F1} s; after 20 / after 200: fds {before.Fds}/{after.Fds}, " +
            $"threads {before.Threads}/{after.Threads}, managed {before.ManagedBytes >> 10}/{after.ManagedBytes >> 10} KiB, dropped datagrams {host.Dropped}");

        Assert.Equal(0, host.Peers);
        Assert.True(after.Fds - before.Fds <= 8, $"file descriptors {before.Fds} -> {after.Fds}");
        Assert.True(after.Threads - before.Threads <= 8, $"threads {before.Threads} -> {after.Threads}");
        // 180 finished capture records stay listed in memory (a few KB each); peers, DTLS and SRTP state must not.
        Assert.True(after.ManagedBytes - before.ManagedBytes < 16 << 20, $"managed heap {before.ManagedBytes} -> {after.ManagedBytes}");
    }

    private static (int Fds, int Threads, long ManagedBytes) Sample()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return (Directory.GetFiles("/proc/self/fd").Length, self.Threads.Count, GC.GetTotalMemory(forceFullCollection: true));
    }
}
