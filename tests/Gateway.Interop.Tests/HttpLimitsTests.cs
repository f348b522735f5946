using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Interop.Tests.Support;

namespace Gateway.Interop.Tests;

/// <summary>Kestrel's limits on real sockets: oversized bodies get 413 problem details, and the gateway keeps serving.</summary>
public sealed class HttpLimitsTests
{
    [Fact]
    public async Task A_body_over_one_mebibyte_is_413_and_the_gateway_keeps_serving()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl };

        var huge = "{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        using var response = await http.PostAsync("/v1/captures", new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(413, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<int>());

        // A client that sends headers and then nothing does not hold the server: others are served meanwhile.
        using var slow = new TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, baseUrl.Port);
        await slow.GetStream().WriteAsync(Encoding.ASCII.GetBytes("POST /v1/captures HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Empty(JsonNode.Parse(await http.GetStringAsync("/v1/captures"))!.AsArray());
    }
}
