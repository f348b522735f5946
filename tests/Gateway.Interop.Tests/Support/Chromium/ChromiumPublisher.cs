using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>
/// Headless Debian Chromium, driven by Playwright, as a WHIP publisher (RFC 9725): the page
/// (<c>publisher.html</c>) is served from its own loopback origin, its fake camera and microphone loop the
/// <see cref="FakeMedia"/> flash/beep pattern. Console messages, page errors and failed requests are collected in
/// <see cref="Diagnostics"/> for assertion messages. Dispose always closes the browser, the driver and the page server.
/// </summary>
public sealed class ChromiumPublisher : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Lazy<string> PageHtml = new(LoadPage);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<string> _diagnostics = new();
    private readonly DateTime _started = DateTime.UtcNow;
    private PageServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage? _page;

    private ChromiumPublisher()
    {
    }

    /// <summary>The page's origin: never the gateway's, so WHIP requests from it are cross-origin.</summary>
    public Uri PageUrl => _server?.PageUrl ?? throw new InvalidOperationException("not launched");

    /// <summary>The Playwright page, for what this wrapper does not cover.</summary>
    public IPage Page => _page ?? throw new InvalidOperationException("not launched");

    /// <summary>Everything the page and browser reported, one line each, with milliseconds since launch.</summary>
    public string Diagnostics => string.Join('\n', _diagnostics);

    /// <summary>Generates the fake media (once per run), starts the page server, launches Chromium and opens the page.</summary>
    public static async Task<ChromiumPublisher> LaunchAsync(IEnumerable<string>? extraArguments = null)
    {
        // Playwright must never fetch a browser; the driver (node + playwright-core) ships inside the NuGet package.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var media = await FakeMedia.GetAsync();
        var publisher = new ChromiumPublisher();
        try
        {
            await publisher.StartAsync(media, extraArguments ?? []);
            return publisher;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var diagnostics = publisher.Diagnostics;
            await publisher.DisposeAsync();
            throw new InvalidOperationException($"Chromium publisher did not start: {e.Message}\n{diagnostics}", e);
        }
    }

    private async Task StartAsync(FakeMediaFiles media, IEnumerable<string> extraArguments)
    {
        _server = await PageServer.StartAsync(PageHtml.Value);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFlags.ExecutablePath,
            Headless = true,
            Args = [.. ChromiumFlags.For(media), .. extraArguments],
            Timeout = 30_000,
        });
        Record($"launched Chromium {_browser.Version}");
        _browser.Disconnected += (_, _) => Record("browser disconnected");
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"] });
        _page = await context.NewPageAsync();
        _page.Console += (_, m) => Record($"console.{m.Type}: {m.Text}");
        _page.PageError += (_, e) => Record($"page error: {e}");
        _page.Crash += (_, _) => Record("page crashed");
        _page.RequestFailed += (_, r) => Record($"request failed: {r.Method} {r.Url}: {r.Failure}");
        var response = await _page.GotoAsync(_server.PageUrl.ToString());
        if (response is not { Ok: true }) throw new InvalidOperationException($"page load: {response?.Status}");
        var ready = await _page.EvaluateAsync<bool>("() => window.isSecureContext && !!navigator.mediaDevices && typeof window.publish === 'function'");
        if (!ready) throw new InvalidOperationException("page is not a secure context with mediaDevices and publish()");
        Record($"page ready at {_server.PageUrl}");
    }

    /// <summary>
    /// getUserMedia, sendonly transceivers (the video one forced to <paramref name="videoMime"/> plus rtx/red/ulpfec;
    /// null keeps the browser's order), one complete offer (no trickle), then POST it to <paramref name="whipUrl"/>
    /// with <c>Content-Type: application/sdp</c> and <c>Authorization: Bearer</c>; on 201 the answer is applied.
    /// </summary>
    public async Task<WhipPublishResult> PublishAsync(Uri whipUrl, string? token, string? videoMime, bool audio = true, TimeSpan? httpTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(whipUrl);
        var timeoutMs = (int)(httpTimeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
        var json = await CallAsync("a => window.publish(a.url, a.token, a.mime, a.audio, a.timeoutMs)",
            new { url = whipUrl.ToString(), token, mime = videoMime, audio, timeoutMs }, CallTimeout + TimeSpan.FromMilliseconds(timeoutMs));
        return Parse<WhipPublishResult>(json);
    }

    /// <summary>Waits until the publisher's connectionState is connected, failed or closed; returns the state it ended in.</summary>
    public async Task<string> WaitConnectedAsync(TimeSpan timeout)
    {
        var ms = (int)timeout.TotalMilliseconds;
        return await CallAsync("ms => window.waitConnected(ms)", ms, timeout + TimeSpan.FromSeconds(5));
    }

    public async Task<PublisherStats> GetStatsAsync() => Parse<PublisherStats>(await CallAsync("() => window.stats()", null, CallTimeout));

    /// <summary>DELETE the WHIP resource (with the bearer token), then close the peer connection and the devices.
    /// Returns the DELETE status, 0 when it failed at the network level, null when there was no resource.</summary>
    public async Task<int?> StopAsync()
    {
        try
        {
            return await Page.EvaluateAsync<int?>("() => window.stop()").WaitAsync(CallTimeout);
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException($"stop() failed: {e.Message}\n{Diagnostics}", e);
        }
    }

    /// <summary>The same publisher, answered by a second peer connection in the page instead of a gateway.</summary>
    public async Task<LoopbackResult> StartLoopbackAsync(string? videoMime, bool audio = true) =>
        Parse<LoopbackResult>(await CallAsync("a => window.loopback(a.mime, a.audio)", new { mime = videoMime, audio }, CallTimeout));

    public async Task<LoopbackReceiverStats> GetLoopbackReceiverStatsAsync() =>
        Parse<LoopbackReceiverStats>(await CallAsync("() => window.receiverStats()", null, CallTimeout));

    /// <summary>Mean luma of each frame the loopback receiver renders during <paramref name="duration"/>.</summary>
    public async Task<IReadOnlyList<LumaSample>> SampleLoopbackLumaAsync(TimeSpan duration)
    {
        var ms = (int)duration.TotalMilliseconds;
        return Parse<List<LumaSample>>(await CallAsync("ms => window.sampleLuma(ms)", ms, duration + CallTimeout));
    }

    /// <summary>RMS of each decoded audio chunk the loopback receiver gets during <paramref name="duration"/>.</summary>
    public async Task<IReadOnlyList<AudioLevelSample>> SampleLoopbackAudioAsync(TimeSpan duration)
    {
        var ms = (int)duration.TotalMilliseconds;
        return Parse<List<AudioLevelSample>>(await CallAsync("ms => window.sampleAudio(ms)", ms, duration + CallTimeout));
    }

    /// <summary>Mean luma of each frame the fake camera gives the publisher during <paramref name="duration"/>, with
    /// the wall-clock time the page got it.</summary>
    public async Task<IReadOnlyList<SourceLumaSample>> SampleSourceLumaAsync(TimeSpan duration)
    {
        var ms = (int)duration.TotalMilliseconds;
        return Parse<List<SourceLumaSample>>(await CallAsync("ms => window.sampleSourceLuma(ms)", ms, duration + CallTimeout));
    }

    /// <summary>Starts noting the flash and beep onsets the fake devices hand the publisher (see <see cref="SenderSync"/>).</summary>
    public async Task WatchSenderSyncAsync() => await CallAsync("() => String(window.watchSenderSync())", null, CallTimeout);

    /// <summary>Stops noting onsets and returns them; call before <see cref="StopAsync"/>.</summary>
    public async Task<SenderSync> StopSenderSyncAsync() => Parse<SenderSync>(await CallAsync("() => window.senderSync()", null, CallTimeout));

    private async Task<string> CallAsync(string script, object? argument, TimeSpan timeout)
    {
        var page = Page;
        try
        {
            return await page.EvaluateAsync<string>(script, argument).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"page call did not finish within {timeout}: {script}\n{Diagnostics}");
        }
        catch (PlaywrightException e)
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
        using var stream = typeof(ChromiumPublisher).Assembly.GetManifestResourceStream("Gateway.Interop.Tests.Chromium.publisher.html")
            ?? throw new InvalidOperationException("publisher.html is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        // Every step runs even when an earlier one fails: a test that failed half-way must not leave Chromium behind.
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
        // Disposing Playwright stops the driver, which kills any browser it launched that is still running.
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        _browser = null;
        _playwright = null;
        _server = null;
    }
}
