using System.Globalization;
using System.Text.Json;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// Runs tests/peers/whip-publish.js, a WHIP publisher on @roamhq/wrtc (libwebrtc in node): a second, non-browser
/// WebRTC implementation. It sends the flash/beep sync pattern (VP8/VP9/AV1 + Opus) and reports libwebrtc's sender
/// stats. Run tests that use it inside a loopback-only namespace (unshare -n): wrtc gathers host candidates on
/// every interface.
/// </summary>
public static class WrtcPublisher
{
    private static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>tests/peers of the repository these tests were built from, with its node_modules installed.</summary>
    public static string PeersDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gateway.sln"))) dir = dir.Parent;
            if (dir is null) throw new InvalidOperationException($"no Gateway.sln above {AppContext.BaseDirectory}");
            var peers = Path.Combine(dir.FullName, "tests", "peers");
            if (!Directory.Exists(Path.Combine(peers, "node_modules", "@roamhq", "wrtc")))
                throw new InvalidOperationException($"{peers}/node_modules/@roamhq/wrtc is missing: run npm ci in tests/peers");
            return peers;
        }
    }

    /// <summary>Publishes for <paramref name="duration"/> after connecting, then DELETEs the session.</summary>
    public static Task<WrtcPublishResult> RunAsync(Uri whipUrl, string token, TimeSpan duration, string video = "vp8", CancellationToken ct = default) =>
        RunAsync(whipUrl, token, duration, video, audio: true, DefaultConnectTimeout, ct);

    /// <summary>
    /// Publishes <paramref name="video"/> (vp8, vp9, av1 or none) and Opus unless <paramref name="audio"/> is false.
    /// Cancelling stops the publisher the way SIGTERM does (DELETE, close) and returns its result, exit code 143.
    /// </summary>
    public static async Task<WrtcPublishResult> RunAsync(Uri whipUrl, string token, TimeSpan duration, string video, bool audio,
        TimeSpan connectTimeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(whipUrl);
        await using var process = ExternalProcess.Start("node",
        [
            "whip-publish.js", "--url", whipUrl.AbsoluteUri, "--token", token,
            "--seconds", Seconds(duration), "--video", video, "--audio", audio ? "on" : "off",
            "--connect-timeout", Seconds(connectTimeout),
        ], PeersDirectory);
        // ICE gathering (up to 5 s) + POST (up to 10 s) + connect + publish + DELETE (up to 5 s), with slack.
        var limit = duration + connectTimeout + TimeSpan.FromSeconds(30);
        int exit;
        try
        {
            exit = await process.WaitForExitAsync(limit).WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            exit = await TerminateAsync(process);
        }
        return Parse(exit, process.StandardOutput, process.StandardError);
    }

    /// <summary>
    /// Starts tests/peers/whip-server-selftest.js (a wrtc WHIP endpoint) and waits until it listens. Modes: ok,
    /// bogus-candidate (never connects), no-rtx (answers without RTX), lossy (a relay drops <paramref name="loss"/>
    /// of the video RTP packets and, if <paramref name="outageMs"/> is set, all of them for that long from 2 s in).
    /// </summary>
    public static Task<WrtcSelfTestServer> StartSelfTestServerAsync(string token, string mode = "ok", double loss = 0.05, int outageMs = 0) =>
        WrtcSelfTestServer.StartAsync(PeersDirectory, token, mode, loss, outageMs);

    // SIGTERM lets the publisher DELETE its session before exiting; the dispose that follows SIGKILLs it otherwise.
    private static async Task<int> TerminateAsync(ExternalProcess process)
    {
        await ExternalProcess.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
        try
        {
            return await process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            return -1;
        }
    }

    private static WrtcPublishResult Parse(int exit, string stdout, string stderr)
    {
        JsonElement? stats = null;
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (line is not null)
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                stats = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                // left null: the caller sees stdout in the result
            }
        }
        return new WrtcPublishResult(exit, stats, stdout, stderr);
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
