using System.Globalization;
using System.Text.Json;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// tests/peers/whip-server-selftest.js: a WHIP endpoint answered by @roamhq/wrtc (recvonly) on 127.0.0.1, so the
/// publisher can be tested without the gateway. It writes one JSON line per event: "listening", "unauthorized",
/// "session", "deleted" (with the frames and samples that session decoded). Mode "bogus-candidate" answers with a
/// candidate that never responds and counts the datagrams sent to it; "no-rtx" answers without RTX; "lossy" puts a
/// relay that drops a fraction of the video RTP packets between the publisher and the answerer.
/// </summary>
public sealed class WrtcSelfTestServer : IAsyncDisposable
{
    private readonly ExternalProcess _process;

    private WrtcSelfTestServer(ExternalProcess process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public string StandardError => _process.StandardError;

    internal static async Task<WrtcSelfTestServer> StartAsync(string peersDirectory, string token, string mode, double loss, int outageMs)
    {
        var process = ExternalProcess.Start("node",
        [
            "whip-server-selftest.js", "--token", token, "--mode", mode, "--loss", loss.ToString(CultureInfo.InvariantCulture),
            "--outage-ms", outageMs.ToString(CultureInfo.InvariantCulture),
        ], peersDirectory);
        try
        {
            var listening = await WaitForEventAsync(process, "listening", TimeSpan.FromSeconds(15));
            return new WrtcSelfTestServer(process, new Uri(listening.GetProperty("url").GetString()!));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every event line written so far.</summary>
    public IReadOnlyList<JsonElement> Events => ParseEvents(_process.StandardOutput);

    /// <summary>The first event named <paramref name="name"/>, waiting up to <paramref name="timeout"/> for it.</summary>
    public Task<JsonElement> WaitForEventAsync(string name, TimeSpan timeout) => WaitForEventAsync(_process, name, timeout);

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task<JsonElement> WaitForEventAsync(ExternalProcess process, string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            foreach (var e in ParseEvents(process.StandardOutput))
                if (e.TryGetProperty("event", out var n) && n.GetString() == name) return e;
            if (process.HasExited)
                throw new InvalidOperationException($"whip-server-selftest exited before '{name}'. stderr: {process.StandardError}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"no '{name}' event within {timeout}. stdout: {process.StandardOutput} stderr: {process.StandardError}");
            await Task.Delay(50);
        }
    }

    private static List<JsonElement> ParseEvents(string stdout)
    {
        var events = new List<JsonElement>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                events.Add(doc.RootElement.Clone());
            }
            catch (JsonException)
            {
                // a partial line still being written; the next poll sees it whole
            }
        }
        return events;
    }
}
