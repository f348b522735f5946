using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Api.Tests.Webhooks;

/// <summary>A real HTTP receiver on 127.0.0.1 (free port) that records every request and answers with a scripted status.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, HttpStatusCode> _status;
    private readonly Task _loop;
    private int _count;

    public WebhookReceiver(Func<int, HttpStatusCode>? status = null)
    {
        _status = status ?? (_ => HttpStatusCode.NoContent);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>Every request in arrival order, including the ones answered with an error status.</summary>
    public ConcurrentQueue<Received> Requests { get; } = new();

    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyCollection<Received>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(Requests) && DateTime.UtcNow < deadline) await Task.Delay(50);
        return Requests.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try { await _loop; } catch (ObjectDisposedException) { } catch (HttpListenerException) { }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var status = _status(Interlocked.Increment(ref _count));
            Requests.Enqueue(new Received(
                context.Request.HttpMethod, context.Request.ContentType,
                context.Request.Headers["Gateway-Delivery"], context.Request.Headers["Gateway-Timestamp"],
                context.Request.Headers["Gateway-Signature"], body.ToArray(), status));
            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }

    public sealed record Received(string Method, string? ContentType, string? DeliveryId, string? Timestamp, string? Signature, byte[] Body, HttpStatusCode AnsweredWith);
}
