using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Gateway.Interop.Tests.Support;
using Gateway.Rtc.Turn;

namespace Gateway.Interop.Tests;

/// <summary>
/// Our TURN client (RFC 8656) against Debian's coturn on loopback: allocate with long-term credentials, relay both
/// ways through Send/Data indications and through a bound channel, release; wrong password and unreachable server
/// fail with their reason.
/// </summary>
public sealed class TurnClientTests
{
    private static readonly TurnClientOptions FastRetries = new() { InitialRto = TimeSpan.FromMilliseconds(100), MaxTransmissions = 4 };

    [Fact]
    public async Task Data_relayed_through_coturn_reaches_the_peer_and_comes_back_through_indications_and_a_channel()
    {
        await using var coturn = await CoturnServer.StartAsync();
        using var socket = Bound();
        await using var client = new TurnClient(socket, coturn.EndPoint, coturn.Username, coturn.Password, FastRetries);
        await using var pump = new Pump(socket, client);

        await client.AllocateAsync(CancellationToken.None);
        Assert.NotNull(client.RelayedAddress);
        Assert.Equal(IPAddress.Loopback, client.RelayedAddress!.Address);
        Assert.NotEqual(coturn.Port, client.RelayedAddress.Port);
        Assert.Equal(((IPEndPoint)socket.LocalEndPoint!).Port, client.MappedAddress!.Port);
        Assert.True(client.Lifetime > TimeSpan.Zero);

        using var peer = Bound();
        var peerAddress = (IPEndPoint)peer.LocalEndPoint!;
        await client.CreatePermissionAsync(peerAddress.Address, CancellationToken.None);

        // Send indication → relay → peer, which sees the relayed address as the sender.
        Assert.True(client.SendToPeer("through an indication"u8, peerAddress));
        var (text, from) = await ReceiveAsync(peer);
        Assert.Equal("through an indication", text);
        Assert.Equal(client.RelayedAddress, from);

        // peer → relay → Data indication → us.
        await peer.SendToAsync("reply one"u8.ToArray(), SocketFlags.None, client.RelayedAddress);
        var (reply, replyPeer) = await pump.NextAsync();
        Assert.Equal("reply one", reply);
        Assert.Equal(peerAddress, replyPeer);

        // A bound channel carries both directions as ChannelData.
        ushort channel = await client.BindChannelAsync(peerAddress, CancellationToken.None);
        Assert.InRange(channel, TurnChannelData.MinChannel, TurnChannelData.MaxChannel);
        Assert.True(client.SendToPeer("through a channel"u8, peerAddress));
        Assert.Equal("through a channel", (await ReceiveAsync(peer)).Text);
        await peer.SendToAsync("reply two"u8.ToArray(), SocketFlags.None, client.RelayedAddress);
        Assert.Equal(("reply two", peerAddress), await pump.NextAsync());
        Assert.True(pump.ChannelDataSeen > 0, "the reply on a bound channel must come as ChannelData");

        await client.RefreshAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.Contains("ALLOCATE", coturn.Log, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_wrong_password_fails_as_turn_auth_failed()
    {
        await using var coturn = await CoturnServer.StartAsync();
        using var socket = Bound();
        await using var client = new TurnClient(socket, coturn.EndPoint, coturn.Username, "not-the-password", FastRetries);
        await using var pump = new Pump(socket, client);

        var failure = await Assert.ThrowsAsync<TurnException>(() => client.AllocateAsync(CancellationToken.None));
        Assert.Equal(TurnFailure.AuthenticationFailed, failure.Failure);
        Assert.Equal(401, failure.ErrorCode);
        Assert.StartsWith("TURN auth failed", failure.Message, StringComparison.Ordinal);
        Assert.Null(client.RelayedAddress);
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_as_a_timeout_after_the_retransmissions()
    {
        using var silent = Bound();   // a bound socket nobody reads: requests vanish
        using var socket = Bound();
        await using var client = new TurnClient(socket, (IPEndPoint)silent.LocalEndPoint!, "user", "password", FastRetries);
        var failure = await Assert.ThrowsAsync<TurnException>(() => client.AllocateAsync(CancellationToken.None));
        Assert.Equal(TurnFailure.Timeout, failure.Failure);
        Assert.Contains("4 transmissions", failure.Message, StringComparison.Ordinal);
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static async Task<(string Text, IPEndPoint From)> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[1500];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        return (Encoding.UTF8.GetString(buffer, 0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint);
    }

    /// <summary>The socket's owner: hands every datagram from the server to the client, queues relayed data.</summary>
    private sealed class Pump : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Channel<(string, IPEndPoint)> _relayed = Channel.CreateUnbounded<(string, IPEndPoint)>();
        private readonly Task _loop;
        private int _channelData;

        public Pump(Socket socket, TurnClient client) => _loop = Task.Run(async () =>
        {
            var buffer = new byte[1500];
            while (!_stop.IsCancellationRequested)
            {
                SocketReceiveFromResult result;
                try { result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token); }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
                if (!result.RemoteEndPoint.Equals(client.Server)) continue;
                if (TurnChannelData.IsChannelData(buffer.AsSpan(0, result.ReceivedBytes))) Interlocked.Increment(ref _channelData);
                if (client.TryReceive(buffer.AsSpan(0, result.ReceivedBytes), out var peer, out var payload) && peer is not null)
                    _relayed.Writer.TryWrite((Encoding.UTF8.GetString(payload), peer));
            }
        });

        public int ChannelDataSeen => Volatile.Read(ref _channelData);

        public async Task<(string, IPEndPoint)> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await _relayed.Reader.ReadAsync(timeout.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }
    }
}
