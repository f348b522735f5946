using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>What one WHEP viewer in the page plays (its &lt;video&gt; and its inbound-rtp stats).</summary>
public sealed record ViewerProgress(double CurrentTime, int VideoWidth, string ConnectionState, long FramesDecoded, long KeyFramesDecoded,
    long PliCount, long VideoPackets, long AudioPackets, long AudioSamples, string? VideoCodec, string? AudioCodec);

/// <summary>The page's answer to watch(): 201 with the session Location and the answer, or the status and problem body.</summary>
public sealed record WhepWatchResult(int Status, int? Index, string? Location, string? Answer, string? Body);

/// <summary>
/// Headless Debian Chromium, driven by Playwright, as WHEP viewers (<c>viewer.html</c>, served from its own loopback
/// origin, so every WHEP request is cross-origin). Each <see cref="WatchAsync"/> adds one RTCPeerConnection and
/// &lt;video&gt;. Dispose always closes the browser, the driver and the page server.
/// </summary>
public sealed class ChromiumViewer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);
    private readonly ConcurrentQueue<string> _diagnostics = new();
    private readonly DateTime _started = DateTime.UtcNow;
    private PageServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage? _page;

    public string Diagnostics => string.Join('\n', _diagnostics);

    public static async Task<ChromiumViewer> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var viewer = new ChromiumViewer();
        try
        {
            viewer._server = await PageServer.StartAsync(LoadPage());
            viewer._playwright = await Playwright.CreateAsync();
            viewer._browser = await viewer._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumFlags.ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
                    "--autoplay-policy=no-user-gesture-required", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--no-default-browser-check"],
                Timeout = 30_000,
            });
            viewer._page = await viewer._browser.NewPageAsync();
            viewer._page.Console += (_, m) => viewer.Record($"console.{m.Type}: {m.Text}");
            viewer._page.PageError += (_, e) => viewer.Record($"page error: {e}");
            viewer._page.RequestFailed += (_, r) => viewer.Record($"request failed: {r.Method} {r.Url}: {r.Failure}");
            var response = await viewer._page.GotoAsync(viewer._server.PageUrl.ToString());
            if (response is not { Ok: true }) throw new InvalidOperationException($"page load: {response?.Status}");
            return viewer;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var diagnostics = viewer.Diagnostics;
            await viewer.DisposeAsync();
            throw new InvalidOperationException($"Chromium viewer did not start: {e.Message}\n{diagnostics}", e);
        }
    }

    public async Task<WhepWatchResult> WatchAsync(Uri whepUrl, string? token) =>
        Parse<WhepWatchResult>(await CallAsync("a => window.watch(a.url, a.token)", new { url = whepUrl.ToString(), token }));

    public async Task<string> WaitConnectedAsync(int index, TimeSpan timeout) =>
        await _page!.EvaluateAsync<string>("a => window.waitConnected(a.index, a.ms)", new { index, ms = (int)timeout.TotalMilliseconds })
            .WaitAsync(timeout + CallTimeout);

    public async Task<ViewerProgress> ProgressAsync(int index) => Parse<ViewerProgress>(await CallAsync("i => window.progress(i)", index));

    /// <summary>DELETE the session (when <paramref name="sendDelete"/>) and close the peer connection; the DELETE status or null.</summary>
    public async Task<int?> LeaveAsync(int index, bool sendDelete) =>
        await _page!.EvaluateAsync<int?>("a => window.leave(a.index, a.sendDelete)", new { index, sendDelete }).WaitAsync(CallTimeout);

    private async Task<string> CallAsync(string script, object? argument)
    {
        try
        {
            return await _page!.EvaluateAsync<string>(script, argument).WaitAsync(CallTimeout);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new InvalidOperationException($"page call failed: {script}: {e.Message}\n{Diagnostics}", e);
        }
    }

    private T Parse<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidOperationException($"page returned {json}\n{Diagnostics}");

    private void Record(string line) =>
        _diagnostics.Enqueue(string.Create(CultureInfo.InvariantCulture, $"+{(DateTime.UtcNow - _started).TotalMilliseconds:F0} ms {line}"));

    private static string LoadPage()
    {
        using var stream = typeof(ChromiumViewer).Assembly.GetManifestResourceStream("Gateway.Interop.Tests.Chromium.viewer.html")
            ?? throw new InvalidOperationException("viewer.html is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            try
            {
                await _browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                Record($"browser close: {e.Message}");
            }
        }
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        (_browser, _playwright, _server) = (null, null, null);
    }
}
