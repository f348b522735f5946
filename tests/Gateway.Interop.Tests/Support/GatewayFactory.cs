using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Interop.Tests.Support;

/// <summary>The gateway in-process (real sockets, real ffmpeg) with its data directory in a temp folder.</summary>
public sealed class GatewayFactory(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Gateway:DataDirectory", dataDirectory);
        builder.UseSetting("Gateway:WebRtc:Addresses:0", "127.0.0.1");
        builder.UseSetting("Gateway:WebRtc:UdpPort", "0");   // a free port: several hosts may run at once
        builder.UseSetting("Gateway:MinFreeDiskMegabytes", "0");   // a test machine may have little disk left
        builder.UseSetting("Gateway:StopFreeDiskMegabytes", "0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }

    /// <summary>
    /// Runs this gateway on real Kestrel at 127.0.0.1 and a kernel-chosen port instead of the in-memory TestServer,
    /// which a browser cannot reach, and returns its base URL (<c>http://127.0.0.1:PORT/</c>). Call it before anything
    /// else on this factory; then use a plain <see cref="HttpClient"/> on the returned URL.
    /// </summary>
    public Uri StartOnLoopback()
    {
        // An explicit Listen overrides the gateway's default URL (127.0.0.1:8080), so nothing binds a fixed port.
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.Single() + "/");
    }

    public async Task<JsonNode> CreateCaptureAsync(HttpClient http, object request)
    {
        var response = await http.PostAsJsonAsync("/v1/captures", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> WaitForStateAsync(HttpClient http, string id, TimeSpan timeout, params string[] states)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonNode? capture = null;
        while (DateTime.UtcNow < deadline)
        {
            capture = JsonNode.Parse(await http.GetStringAsync($"/v1/captures/{id}"))!;
            if (states.Contains(capture["state"]!.GetValue<string>())) return capture;
            await Task.Delay(25);
        }
        throw new TimeoutException($"capture {id} is {capture?["state"]} after {timeout}, not {string.Join("/", states)}: {capture}");
    }
}
