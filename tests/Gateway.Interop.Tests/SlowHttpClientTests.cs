using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Interop.Tests.Support;
using Xunit.Abstractions;

namespace Gateway.Interop.Tests;

/// <summary>
/// Slow-loris clients on real Kestrel: the limits set in GatewayApiBuilderExtensions (headers within 15 s, bodies at
/// ≥ 240 B/s after a 5 s grace) cut them off, and while hundreds of them hang on, the API answers everyone else.
/// </summary>
public sealed class SlowHttpClientTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Dribbling_clients_are_cut_off_by_the_kestrel_limits_and_do_not_starve_the_api()
    {
        using var dir = new TempDirectory();
        await using var gateway = new GatewayFactory(Path.Combine(dir.Path, "data"));
        var baseUrl = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        // 200 connections that send half a request line and then nothing.
        var stalled = new List<TcpClient>();
        for (var i = 0; i < 200; i++)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, baseUrl.Port);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET /v1/captu"));
            stalled.Add(client);
        }
        var headers = DribbleAsync(baseUrl.Port, "GET /v1/captures HTTP/1.1\r\nHost: x\r\nX-Slow: " + new string('a', 400), "", cancel.Token);
        var body = DribbleAsync(baseUrl.Port,
            "POST /v1/captures HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
            "{\"name\":\"" + new string('b', 400), cancel.Token);

        // Meanwhile everyone else is served.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/captures")).StatusCode);
        }

        var (headerSeconds, headerReply) = await headers;
        var (bodySeconds, bodyReply) = await body;
        output.WriteLine($"header dribbler cut off after {headerSeconds:F1} s ({headerReply}); body dribbler after {bodySeconds:F1} s ({bodyReply})");
        // Bounds from the limits plus Kestrel's 1 s heartbeat and a loaded machine: the headers limit is 15 s, the body
        // one 5 s of grace then 240 B/s (a byte every 2 s never reaches it).
        Assert.InRange(headerSeconds, 10, 60);
        Assert.InRange(bodySeconds, 3, 60);
        Assert.StartsWith("HTTP/1.1 408", bodyReply, StringComparison.Ordinal);
        var stillOpen = 0;
        foreach (var client in stalled)
        {
            // Readable means the server answered (408) or closed the connection: either way it let go of it.
            // Up to 3 s more each: Kestrel checks its timeouts on a 1 s heartbeat, late on a loaded machine.
            if (!client.Client.Poll(3_000_000, SelectMode.SelectRead)) stillOpen++;
        }
        output.WriteLine($"{200 - stillOpen} of 200 half-request connections answered or closed by the server so far");
        Assert.Equal(0, stillOpen);   // by now (> 15 s after they stalled) the header timeout closed them all
        foreach (var client in stalled) client.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    /// <summary>Sends <paramref name="head"/>, then <paramref name="tail"/> one byte every 2 s until the server closes
    /// the connection; returns how long that took and the first line the server answered, if any.</summary>
    private static async Task<(double Seconds, string Reply)> DribbleAsync(int port, string head, string tail, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var stream = client.GetStream();
        var clock = Stopwatch.StartNew();
        var reading = ReadAllAsync(stream, cancellationToken);
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
            foreach (var c in tail + new string('x', 1000))
            {
                if (reading.IsCompleted) break;
                await stream.WriteAsync(new[] { (byte)c }, cancellationToken);
                await Task.WhenAny(reading, Task.Delay(2000, cancellationToken));
            }
        }
        catch (IOException)
        {
            // the server closed the connection while we were writing
        }
        var reply = await reading;
        return (clock.Elapsed.TotalSeconds, reply.Split("\r\n")[0]);
    }

    private static async Task<string> ReadAllAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0) received.Write(buffer, 0, read);
        }
        catch (IOException)
        {
            // reset by the server: what arrived before counts
        }
        return Encoding.ASCII.GetString(received.ToArray());
    }
}
