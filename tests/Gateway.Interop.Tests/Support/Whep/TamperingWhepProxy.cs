using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Interop.Tests.Support.Whep;

/// <summary>
/// A WHEP endpoint on loopback that forwards each offer to a real one (the gateway's <c>/whep/{id}</c>) and spoils the
/// answer on its way back, so a WHEP client meets a failure it cannot talk its way out of: <c>/ice/{id}</c> points
/// every candidate at a UDP port nobody listens on; <c>/dtls/{id}</c> changes the certificate fingerprint. The
/// Location still names the real session, so the client's DELETE cleans up. Dispose stops it.
/// </summary>
public sealed partial class TamperingWhepProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TamperingWhepProxy(WebApplication app, Uri baseUrl) => (_app, BaseUrl) = (app, baseUrl);

    public Uri BaseUrl { get; }

    public static async Task<TamperingWhepProxy> StartAsync(Uri gateway, int deadUdpPort)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var http = new HttpClient { BaseAddress = gateway };
        app.MapPost("/{mode}/{id}", async (string mode, string id, HttpRequest request, HttpResponse response) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var offer = await reader.ReadToEndAsync();
            using var forwarded = await http.PostAsync($"/whep/{id}", new StringContent(offer, Encoding.UTF8, "application/sdp"));
            var answer = await forwarded.Content.ReadAsStringAsync();
            if (forwarded.StatusCode != HttpStatusCode.Created) return Results.Text(answer, "application/problem+json", statusCode: (int)forwarded.StatusCode);
            answer = mode switch
            {
                "ice" => Candidate().Replace(answer, m => $"{m.Groups[1].Value} {deadUdpPort} typ host"),
                "dtls" => Fingerprint().Replace(answer, m => m.Groups[1].Value + (m.Groups[2].Value == "00" ? "01" : "00")),
                _ => answer,
            };
            response.Headers.Location = new Uri(gateway, forwarded.Headers.Location!).ToString();
            return Results.Text(answer, "application/sdp", statusCode: StatusCodes.Status201Created);
        });
        app.Lifetime.ApplicationStopped.Register(http.Dispose);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TamperingWhepProxy(app, new Uri(address + "/"));
    }

    [GeneratedRegex(@"(a=candidate:\S+ \d+ udp \d+ \S+) \d+ typ host")]
    private static partial Regex Candidate();

    /// <summary>The fingerprint's first byte, so the digest is still well-formed but names another certificate.</summary>
    [GeneratedRegex(@"(a=fingerprint:sha-256 )([0-9A-F]{2})")]
    private static partial Regex Fingerprint();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
