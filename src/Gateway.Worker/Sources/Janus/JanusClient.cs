using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Gateway.Worker.Sources.Janus;

/// <summary>
/// The Janus WebSocket API (subprotocol <c>janus-protocol</c>): requests carry a transaction and wait, with a time
/// limit, for their reply; a plugin request's <c>ack</c> is skipped in favour of the plugin's answer, which carries the
/// same transaction. Everything else (publishers joining and leaving, hangups, timeouts) is an event.
/// </summary>
internal sealed class JanusClient : IAsyncDisposable
{
    private const int MaxMessageBytes = 1 << 20;   // a room with many publishers stays far below this
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _pending = new(StringComparer.Ordinal);
    private readonly Channel<JsonObject> _events = Channel.CreateBounded<JsonObject>(new BoundedChannelOptions(1024) { SingleReader = true });
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;
    private long _transactions;
    private int _disposed;

    private JanusClient(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Events, in arrival order; completes (with the reason as fault) when the connection ends.</summary>
    public ChannelReader<JsonObject> Events => _events.Reader;

    /// <summary>The session every request after <c>create</c> is sent on.</summary>
    public long? SessionId { get; set; }

    public static async Task<JanusClient> ConnectAsync(Uri url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("janus-protocol");
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(url, limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            var why = ex is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0} s" : ex.Message;
            throw new JanusException($"Cannot reach Janus at {url}: {why}", ex);
        }
        return new JanusClient(socket);
    }

    /// <summary>Sends <paramref name="request"/> (adding transaction and session) and returns its reply, never an <c>ack</c>.</summary>
    public async Task<JsonObject> RequestAsync(JsonObject request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var transaction = "gw" + Interlocked.Increment(ref _transactions).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[transaction] = reply;
        try
        {
            request["transaction"] = transaction;
            await SendAsync(request, cancellationToken).ConfigureAwait(false);
            try
            {
                return await reply.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new JanusException($"Janus did not answer '{request["janus"]}' within {timeout.TotalSeconds:0} s");
            }
        }
        finally
        {
            _pending.TryRemove(transaction, out _);
        }
    }

    /// <summary>Sends without waiting for a reply (keepalives: their ack is not worth waiting for).</summary>
    public async Task SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        if (SessionId is { } session && message["janus"]?.GetValue<string>() != "create") message["session_id"] = session;
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException ex)
        {
            throw new JanusException($"The connection to Janus broke: {ex.Message}", ex);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        Exception? ended = null;
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(8 * 1024), _closing.Token).ConfigureAwait(false);
                    buffer.Advance(result.Count);
                    if (buffer.WrittenCount > MaxMessageBytes) throw new JanusException("Janus sent a message larger than 1 MiB");
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ended = new JanusException($"Janus closed the connection ({_socket.CloseStatus} {_socket.CloseStatusDescription})");
                    break;
                }
                Dispatch(buffer.WrittenSpan);
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is WebSocketException or JanusException)
        {
            ended = ex as JanusException ?? new JanusException($"The connection to Janus broke: {ex.Message}", ex);
        }
        foreach (var pending in _pending.Values) pending.TrySetException(ended ?? new JanusException("The Janus client was closed"));
        _events.Writer.TryComplete(ended);
    }

    private void Dispatch(ReadOnlySpan<byte> json)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return;   // not JSON: nothing Janus sends; ignore rather than end the session
        }
        if (message is null) return;
        var kind = message["janus"]?.GetValue<string>();
        if (kind == "ack") return;
        if (message["transaction"]?.GetValue<string>() is { } transaction && _pending.TryRemove(transaction, out var reply))
        {
            reply.TrySetResult(message);
            return;
        }
        _events.Writer.TryWrite(message);   // full only if nobody reads for 1024 events: then the oldest news is stale anyway
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", limit.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // closing is a courtesy; the socket is aborted below
        }
        await _closing.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        await _receiving.ConfigureAwait(false);
        _socket.Dispose();
        _closing.Dispose();
        _sending.Dispose();
    }
}
