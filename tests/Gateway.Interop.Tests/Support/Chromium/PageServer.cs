using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>
/// Serves the publisher page from its own Kestrel on 127.0.0.1 and a kernel-chosen port, so the page's origin differs
/// from the gateway's and every WHIP request is a real cross-origin one (CORS preflight included). An http page on
/// 127.0.0.1 is a secure context, which getUserMedia requires.
/// </summary>
internal sealed class PageServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PageServer(WebApplication app, Uri pageUrl) => (_app, PageUrl) = (app, pageUrl);

    public Uri PageUrl { get; }

    public static async Task<PageServer> StartAsync(string html)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(html, "text/html; charset=utf-8"));
        app.MapGet("/favicon.ico", () => Results.NoContent()); // keeps a 404 out of the console log
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new PageServer(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(cts.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
