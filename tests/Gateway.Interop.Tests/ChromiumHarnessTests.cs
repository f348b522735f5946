using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Collections.Concurrent;
using Gateway.Interop.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Gateway.Interop.Tests.Support.Chromium;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// The Chromium WHIP publisher harness checked without a WHIP endpoint: against a second peer connection in the same
/// page, against the gateway on real Kestrel, and against a port where nothing listens.
/// </summary>
public sealed class ChromiumHarnessTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("video/VP8")]
    [InlineData("video/H264")]
    public async Task Loopback_peer_receives_the_forced_codec_and_the_fake_cameras_flash_frames(string mime)
    {
        await using var chromium = await ChromiumPublisher.LaunchAsync();
        var sdp = await chromium.StartLoopbackAsync(mime);
        Assert.Contains("a=sendonly", sdp.OfferSdp, StringComparison.Ordinal);
        Assert.Equal("connected", await chromium.WaitConnectedAsync(TimeSpan.FromSeconds(10)));

        // 3.5 s of decoded frames: the looped file has a white frame at every whole second, so 3 or 4 flashes.
        var samples = await chromium.SampleLoopbackLumaAsync(TimeSpan.FromMilliseconds(3500));
        var sent = await chromium.GetStatsAsync();
        var received = await chromium.GetLoopbackReceiverStatsAsync();
        var context = $"samples: {string.Join(' ', samples.Select(s => $"{s.T}:{s.Luma:F0}"))}\nsent: {sent}\nreceived: {received}\n{chromium.Diagnostics}";
        output.WriteLine(context);

        Assert.True(sent.Video is not null, context);
        Assert.Equal(mime, sent.Video.MimeType);
        Assert.True(sent.Video.FramesEncoded > 30, context);
        Assert.Equal("audio/opus", sent.Audio?.MimeType);
        Assert.True(sent.Audio!.PacketsSent > 50, context);
        Assert.Equal("succeeded", sent.SelectedPair?.State);
        Assert.Equal("127.0.0.1", sent.SelectedPair?.LocalAddress);
        Assert.Equal("127.0.0.1", sent.SelectedPair?.RemoteAddress);

        Assert.Equal(mime, received.Video?.MimeType);
        Assert.True(received.Video!.FramesDecoded > 30, context);
        Assert.Equal(640, received.Video.FrameWidth);
        Assert.Equal(360, received.Video.FrameHeight);

        // The file's pixels, not Chromium's built-in test pattern, went through encoder and decoder: mostly black
        // frames, and white ones about a second apart.
        var white = samples.Where(s => s.Luma > 160).ToList();
        Assert.True(samples.Count(s => s.Luma < 40) > 60, context);
        Assert.All(samples, s => Assert.True(s.Luma is < 40 or > 160, context)); // nothing grey: no other pattern
        var flashes = new List<int>();
        foreach (var sample in white)
        {
            if (flashes.Count == 0 || sample.T - flashes[^1] > 500) flashes.Add(sample.T); // one flash, however many frames show it
        }
        Assert.True(flashes.Count >= 2, context);
        // Flashes are whole seconds apart in the frames' own timestamps (the encoder may drop one, never move one).
        for (var i = 1; i < flashes.Count; i++)
        {
            var gap = flashes[i] - flashes[i - 1];
            Assert.True(gap >= 850 && Math.Abs(gap - Math.Round(gap / 1000.0) * 1000) <= 150, $"gap {gap} ms\n{context}");
        }

        Assert.Null(await chromium.StopAsync()); // no WHIP resource to delete
    }

    [Fact]
    public async Task Loopback_peer_hears_the_fake_microphones_beeps()
    {
        await using var chromium = await ChromiumPublisher.LaunchAsync();
        await chromium.StartLoopbackAsync("video/VP8");
        Assert.Equal("connected", await chromium.WaitConnectedAsync(TimeSpan.FromSeconds(10)));
        var chunks = await chromium.SampleLoopbackAudioAsync(TimeSpan.FromMilliseconds(3500));
        var context = $"chunks: {string.Join(' ', chunks.Select(c => $"{c.T}:{c.Rms:F3}"))}\n{chromium.Diagnostics}";
        output.WriteLine(context);

        Assert.True(chunks.Count > 200, context);
        Assert.All(chunks, c => Assert.Equal(48000, c.SampleRate));
        // Beep onsets: a loud chunk after a quiet one.
        var onsets = new List<int>();
        for (var i = 1; i < chunks.Count; i++)
        {
            if (chunks[i].Rms > 0.1 && chunks[i - 1].Rms < 0.02) onsets.Add(chunks[i].T);
        }
        Assert.True(onsets.Count >= 3, context);
        for (var i = 1; i < onsets.Count; i++) Assert.InRange(onsets[i] - onsets[i - 1], 900, 1100);
        // 50 ms of beep per second: about 5 % of the chunks are loud, the rest silent (not Chromium's own beeper).
        var loud = chunks.Count(c => c.Rms > 0.1);
        Assert.InRange(loud, onsets.Count * 3, onsets.Count * 8 + 8);
        Assert.True(chunks.Count(c => c.Rms < 0.02) > chunks.Count * 0.85, context);
        // Unprocessed (no AGC/noise suppression): the 0.5-amplitude sine arrives with its RMS of 0.354.
        Assert.InRange(chunks.Max(c => c.Rms), 0.30, 0.42);
    }

    [Fact]
    public async Task Gateway_on_real_kestrel_answers_healthz_over_a_socket()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(dir.Path);
        var baseUrl = gateway.StartOnLoopback();
        Assert.Equal("127.0.0.1", baseUrl.Host);
        Assert.NotEqual(8080, baseUrl.Port);

        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.NotNull(JsonNode.Parse(body));
    }

    [Fact]
    public async Task Whip_post_to_a_port_where_nothing_listens_reports_a_network_error()
    {
        var port = FreePorts.Tcp(); // free a moment ago, and nothing of ours listens on it
        await using var chromium = await ChromiumPublisher.LaunchAsync();
        var started = DateTime.UtcNow;
        var result = await chromium.PublishAsync(new Uri($"http://127.0.0.1:{port}/whip/endpoint"), "secret", "video/VP8");
        var elapsed = DateTime.UtcNow - started;

        Assert.True(result.Status == 0, $"{result}\n{chromium.Diagnostics}");
        Assert.StartsWith("TypeError", result.Error, StringComparison.Ordinal);
        Assert.Null(result.AnswerSdp);
        Assert.True(elapsed < TimeSpan.FromSeconds(8), $"took {elapsed}");
        // The offer was complete before it was sent: candidates in it, no trickle needed.
        Assert.True(result.GatheringComplete);
        Assert.Contains("a=candidate:", result.OfferSdp, StringComparison.Ordinal);
        Assert.Contains("VP8/90000", result.OfferSdp, StringComparison.Ordinal);
        Assert.DoesNotContain("H264/90000", result.OfferSdp, StringComparison.Ordinal);
        Assert.Contains("request failed", chromium.Diagnostics, StringComparison.Ordinal);
        Assert.Null(await chromium.StopAsync());
    }

    [Fact]
    public async Task Whip_requests_are_cross_origin_with_the_offer_and_bearer_token_and_stop_deletes_the_location()
    {
        // A stand-in WHIP endpoint on its own origin: /cors answers the preflight, /plain does not.
        var seen = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.Use(async (http, next) =>
        {
            var r = http.Request;
            seen.Enqueue($"{r.Method} {r.Path} ct={r.ContentType} auth={r.Headers.Authorization} origin={r.Headers.Origin}");
            if (r.Path.StartsWithSegments("/cors"))
            {
                http.Response.Headers.AccessControlAllowOrigin = r.Headers.Origin.ToString();
                http.Response.Headers.AccessControlAllowMethods = "POST, DELETE, OPTIONS";
                http.Response.Headers.AccessControlAllowHeaders = "Content-Type, Authorization";
                http.Response.Headers.AccessControlExposeHeaders = "Location";
            }
            await next(http);
        });
        app.MapMethods("/cors/whip", ["OPTIONS"], () => Results.NoContent());
        app.MapMethods("/cors/resource/1", ["OPTIONS"], () => Results.NoContent());
        app.MapPost("/cors/whip", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            seen.Enqueue("offer " + await reader.ReadToEndAsync());
            http.Response.StatusCode = StatusCodes.Status201Created;
            http.Response.Headers.Location = "/cors/resource/1";
            http.Response.ContentType = "application/sdp";
            await http.Response.WriteAsync("v=0\r\nnot an answer\r\n");
        });
        app.MapDelete("/cors/resource/1", () => Results.Ok());
        app.MapPost("/plain/whip", () => Results.Text("should not be readable", "text/plain", statusCode: 201));
        await app.StartAsync();
        var origin = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        await using var chromium = await ChromiumPublisher.LaunchAsync();
        Assert.NotEqual(origin.Port, chromium.PageUrl.Port);

        var blocked = await chromium.PublishAsync(new Uri(origin, "/plain/whip"), "secret", null);
        Assert.True(blocked.Status == 0 && blocked.Error?.StartsWith("TypeError", StringComparison.Ordinal) == true, $"{blocked}\n{chromium.Diagnostics}");

        var created = await chromium.PublishAsync(new Uri(origin, "/cors/whip"), "secret", "video/H264");
        var log = string.Join('\n', seen) + "\n" + chromium.Diagnostics;
        Assert.True(created.Status == 201, $"{created}\n{log}");
        Assert.Equal("/cors/resource/1", created.Location);
        Assert.StartsWith("setRemoteDescription", created.Error, StringComparison.Ordinal); // our fake answer is no SDP
        Assert.False(created.IsCreated);
        Assert.Contains("H264/90000", created.OfferSdp, StringComparison.Ordinal);
        Assert.DoesNotContain("VP8/90000", created.OfferSdp, StringComparison.Ordinal);
        Assert.Contains("m=audio", created.OfferSdp, StringComparison.Ordinal);

        Assert.Equal(200, await chromium.StopAsync());
        log = string.Join('\n', seen) + "\n" + chromium.Diagnostics;
        var pageOrigin = chromium.PageUrl.GetLeftPart(UriPartial.Authority);
        Assert.Contains($"OPTIONS /cors/whip ct= auth= origin={pageOrigin}", seen);
        Assert.Contains($"POST /cors/whip ct=application/sdp auth=Bearer secret origin={pageOrigin}", seen);
        Assert.Contains("offer " + created.OfferSdp, seen);
        Assert.Contains($"DELETE /cors/resource/1 ct= auth=Bearer secret origin={pageOrigin}", seen);
        // The browser enforced CORS for real: /plain got a preflight, never the POST.
        Assert.Contains(seen, l => l.StartsWith("OPTIONS /plain/whip", StringComparison.Ordinal));
        Assert.DoesNotContain(seen, l => l.StartsWith("POST /plain/whip", StringComparison.Ordinal));
        output.WriteLine(log);
    }
}
