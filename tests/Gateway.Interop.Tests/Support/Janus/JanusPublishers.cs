using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Gateway.Interop.Tests.Support.Chromium;
using Microsoft.Playwright;

namespace Gateway.Interop.Tests.Support.Janus;

/// <summary>What <c>join()</c> in janus-publisher.html reports.</summary>
public sealed record JanusJoinResult(bool Ok, long? Id, string? State, string? Error);

/// <summary>
/// One headless Debian Chromium with one page per VideoRoom publisher; each page publishes the fake camera and
/// microphone (the flash/beep pattern) through the Janus WebSocket API from page JS. Everything is closed on dispose.
/// </summary>
public sealed class JanusPublishers : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentQueue<string> _diagnostics = new();
    private readonly DateTime _started = DateTime.UtcNow;
    private readonly Dictionary<string, IPage> _pages = new(StringComparer.Ordinal);
    private PageServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string Diagnostics => string.Join('\n', _diagnostics);

    public static async Task<JanusPublishers> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var media = await FakeMedia.GetAsync();
        var publishers = new JanusPublishers();
        try
        {
            publishers._server = await PageServer.StartAsync(LoadPage());
            publishers._playwright = await Playwright.CreateAsync();
            publishers._browser = await publishers._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumFlags.ExecutablePath,
                Headless = true,
                Args = [.. ChromiumFlags.For(media)],
                Timeout = 30_000,
            });
            return publishers;
        }
        catch
        {
            await publishers.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a page and joins the room as <paramref name="display"/>; the result says whether media flows to Janus.</summary>
    public async Task<JanusJoinResult> JoinAsync(Uri janus, long room, string display)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"] });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => Record($"{display}: console.{m.Type}: {m.Text}");
        page.PageError += (_, e) => Record($"{display}: page error: {e}");
        await page.GotoAsync(_server!.PageUrl.ToString());
        _pages[display] = page;
        var json = await page.EvaluateAsync<string>("a => window.join(a.url, a.room, a.display, a.ms)",
            new { url = janus.ToString(), room, display, ms = 20_000 }).WaitAsync(TimeSpan.FromSeconds(60));
        Record($"{display}: {json}");
        return JsonSerializer.Deserialize<JanusJoinResult>(json, Json)!;
    }

    public async Task LeaveAsync(string display)
    {
        if (_pages.Remove(display, out var page))
        {
            await page.EvaluateAsync<string>("() => window.leave()").WaitAsync(TimeSpan.FromSeconds(20));
            await page.Context.CloseAsync();
        }
    }

    private void Record(string line) =>
        _diagnostics.Enqueue(string.Create(CultureInfo.InvariantCulture, $"+{(DateTime.UtcNow - _started).TotalMilliseconds:F0} ms {line}"));

    private static string LoadPage()
    {
        using var stream = typeof(JanusPublishers).Assembly.GetManifestResourceStream("Gateway.Interop.Tests.Janus.janus-publisher.html")
            ?? throw new InvalidOperationException("janus-publisher.html is not embedded");
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
