using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;
using Gateway.Interop.Tests.Support.Chromium;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Issue 7 item 4: Debian's Chromium opens the gateway's player page for a live H.264 capture and plays it with the
/// vendored hls.js. The gateway has an API key, so this also checks the page's key-in-fragment design.
/// </summary>
public sealed partial class HlsPlayerTests(ITestOutputHelper output)
{
    private const string Key = "player-test-key-0123456789abcdef";
    private const int Seconds = 40;

    [Fact]
    public async Task Chromium_plays_a_live_capture_on_the_player_page_and_its_currentTime_advances()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"), new Dictionary<string, string?> { ["Gateway:ApiKeys:0"] = Key });
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var capture = await gateway.CreateCaptureAsync(http, new
        {
            name = "player",
            source = new { type = "rtp", sdp = SyncPattern.Sdp(("video", 0, 96, "H264/90000", "packetization-mode=1"), ("audio", 0, 111, "opus/48000/2", "sprop-stereo=1")) },
            outputs = new[] { new { type = "hls" } },
        });
        var id = capture["id"]!.GetValue<string>();
        var ports = RtpPorts.MediaPort().Matches(capture["source"]!["answerSdp"]!.GetValue<string>())
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        await using var sender = ExternalProcess.Start("ffmpeg", SyncPattern.H264OpusSender(Seconds, ports[0], ports[1]));

        // Without the key the media requests are refused: the page is only a shell.
        using (var anonymous = new HttpClient { BaseAddress = baseUrl })
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/player/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/player/assets/hls.min.js")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/v1/captures/{id}/hls/index.m3u8")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/player/assets/other.js")).StatusCode);
        }
        // The playlist appears with the first segment; this test asserts no 4xx at all, so open the page after it.
        var playlistDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while ((await http.GetAsync($"/v1/captures/{id}/hls/index.m3u8")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < playlistDeadline)
            await Task.Delay(200);

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFlags.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--no-default-browser-check"],
            Timeout = 30_000,
        });
        var page = await browser.NewPageAsync();
        var log = new List<string>();
        var started = DateTime.UtcNow;
        void Record(string line) { lock (log) log.Add($"{(DateTime.UtcNow - started).TotalMilliseconds:F0} ms {line}"); }
        page.Console += (_, m) => Record($"console.{m.Type}: {m.Text}");
        page.PageError += (_, e) => Record($"page error: {e}");
        page.RequestFailed += (_, r) => Record($"request failed: {r.Url}: {r.Failure}");
        page.Response += (_, r) => { if (r.Status >= 400) Record($"HTTP {r.Status} {r.Url}"); };
        var requested = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, r) => requested.Enqueue(r.Url);

        var mse = await page.EvaluateAsync<bool>("() => MediaSource.isTypeSupported('video/mp4; codecs=\"avc1.42c01e,mp4a.40.2\"')");
        Record($"MSE H.264+AAC: {mse}");
        var response = await page.GotoAsync(new Uri(baseUrl, $"/player/{id}#key={Key}").ToString());
        Assert.Equal(200, response?.Status);
        Assert.Contains("default-src 'none'", response!.Headers["content-security-policy"]);

        // Poll the video: it must start and then keep advancing (live, so past a few seconds of playback).
        double first = -1, last = -1;
        string? fatal = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(Seconds - 5);
        while (DateTime.UtcNow < deadline)
        {
            var state = await page.EvaluateAsync<JsonElementState>(
                "() => ({ t: document.getElementById('video').currentTime, fatal: window.playerState && window.playerState.fatal, " +
                "status: document.getElementById('status').textContent })");
            fatal = state.Fatal;
            if (fatal is not null) break;
            if (state.T > 0 && first < 0) { first = state.T; Record($"playing at {first:F2} s: {state.Status}"); }
            last = state.T;
            if (first >= 0 && last - first >= 3) break;
            await Task.Delay(250);
        }
        Record($"currentTime {first:F2} -> {last:F2} s");
        var context = string.Join('\n', log);
        output.WriteLine(context);
        Assert.Null(fatal);
        Assert.True(first >= 0, $"the video never started\n{context}");
        Assert.True(last - first >= 3, $"currentTime advanced only {last - first:F2} s\n{context}");
        Assert.DoesNotContain(log, l => l.Contains("HTTP 4", StringComparison.Ordinal));
        // Everything the page loaded came from the gateway (hls.js is vendored, not fetched from a CDN); blob: is hls.js's worker.
        Assert.All(requested, url => Assert.True(url.StartsWith(baseUrl.ToString(), StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal), url));
        Assert.Contains(requested, url => url.EndsWith("/player/assets/hls.min.js", StringComparison.Ordinal));
        Assert.Contains(requested, url => url.EndsWith(".m4s", StringComparison.Ordinal));

        (await http.PostAsync($"/v1/captures/{id}/stop", null)).EnsureSuccessStatusCode();
        await GatewayFactory.WaitForStateAsync(http, id, TimeSpan.FromSeconds(60), "completed", "failed");
    }

    private sealed class JsonElementState
    {
        public double T { get; set; }
        public string? Fatal { get; set; }
        public string? Status { get; set; }
    }
}
