using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Rtc.Stun;
using Microsoft.Extensions.Logging;

namespace Gateway.Rtc.Turn;

/// <summary>
/// A TURN client over UDP (RFC 8656): Allocate with long-term credentials (RFC 8489 §9.2), CreatePermission,
/// ChannelBind, Refresh, and relaying through Send/Data indications or ChannelData. It shares its socket with
/// whoever owns it (an ICE agent): it only sends, and the owner hands it every datagram that came from the server
/// (<see cref="TryReceive"/>), which is how one socket can carry direct and relayed candidates.
/// </summary>
public sealed partial class TurnClient : IAsyncDisposable
{
    private const byte UdpProtocol = 17;
    private const int MaxDatagram = 1500 + 64;
    private static readonly TimeSpan PermissionLifetime = TimeSpan.FromMinutes(5);

    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly string _username;
    private readonly string _password;
    private readonly TurnClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<StunTransactionId, TaskCompletionSource<byte[]>> _pending = new();
    private readonly Lock _state = new();
    private readonly Dictionary<IPEndPoint, ushort> _channelsByPeer = [];
    private readonly Dictionary<ushort, IPEndPoint> _peersByChannel = [];
    private readonly HashSet<IPAddress> _permissions = [];
    private readonly Lock _sendLock = new();
    private readonly byte[] _sendBuffer = new byte[MaxDatagram];
    private readonly CancellationTokenSource _stop = new();
    private string? _realm;
    private string? _nonce;
    private byte[]? _key;
    private ushort _nextChannel = TurnChannelData.MinChannel;
    private Task _refreshLoop = Task.CompletedTask;
    private int _disposed;

    /// <param name="socket">A bound UDP socket; the client never receives on it.</param>
    public TurnClient(Socket socket, IPEndPoint server, string username, string password, TurnClientOptions? options = null,
        TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(server);
        (_socket, _server, _username, _password) = (socket, server, username, password);
        _options = options ?? new TurnClientOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    /// <summary>The server's address: only datagrams from it go to <see cref="TryReceive"/>.</summary>
    public IPEndPoint Server => _server;

    /// <summary>The relay transport address (the relay candidate), once allocated.</summary>
    public IPEndPoint? RelayedAddress { get; private set; }

    /// <summary>Our address as the server saw it (a server-reflexive candidate).</summary>
    public IPEndPoint? MappedAddress { get; private set; }

    public TimeSpan Lifetime { get; private set; }

    /// <summary>Raised when a background refresh fails: the allocation, its permissions or channels may lapse.</summary>
    public event Action<TurnException>? RefreshFailed;

    public async Task AllocateAsync(CancellationToken cancellationToken)
    {
        if (RelayedAddress is not null) throw new InvalidOperationException("Already allocated.");
        uint lifetime = (uint)_options.RequestedLifetime.TotalSeconds;
        var answer = await RequestAsync(StunMethod.Allocate, (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(UdpProtocol);
            w.AddLifetime(lifetime);
        }, cancellationToken).ConfigureAwait(false);
        if (!StunMessage.TryParse(answer, out var message, out _) || !message.TryGetXorRelayedAddress(out var relayed))
            throw new TurnException(TurnFailure.BadResponse, $"TURN server {_server} answered Allocate without XOR-RELAYED-ADDRESS");
        message.TryGetXorMappedAddress(out var mapped);
        Lifetime = TimeSpan.FromSeconds(message.TryGetLifetime(out var granted) ? granted : lifetime);
        (RelayedAddress, MappedAddress) = (relayed, mapped);
        _logger.TurnAllocated(_server, relayed!, Lifetime);
        _refreshLoop = Task.Run(RefreshLoopAsync);
    }

    /// <summary>Lets <paramref name="peer"/> send to the relay (and us to it through Send indications).</summary>
    public async Task CreatePermissionAsync(IPAddress peer, CancellationToken cancellationToken)
    {
        var endPoint = new IPEndPoint(peer, 0);
        await RequestAsync(StunMethod.CreatePermission, (ref StunMessageWriter w) => w.AddXorPeerAddress(endPoint), cancellationToken).ConfigureAwait(false);
        lock (_state) _permissions.Add(peer);
    }

    /// <summary>Binds a channel to <paramref name="peer"/> (which also installs its permission): 4 bytes of overhead instead of 36.</summary>
    public async Task<ushort> BindChannelAsync(IPEndPoint peer, CancellationToken cancellationToken)
    {
        ushort channel;
        lock (_state)
        {
            if (_channelsByPeer.TryGetValue(peer, out channel)) return channel;
            if (_nextChannel > TurnChannelData.MaxChannel) throw new InvalidOperationException("Every TURN channel number is in use.");
            channel = _nextChannel++;
        }
        await RequestAsync(StunMethod.ChannelBind, (ref StunMessageWriter w) =>
        {
            w.AddChannelNumber(channel);
            w.AddXorPeerAddress(peer);
        }, cancellationToken).ConfigureAwait(false);
        lock (_state)
        {
            _channelsByPeer[peer] = channel;
            _peersByChannel[channel] = peer;
            _permissions.Add(peer.Address);
        }
        return channel;
    }

    /// <summary>Refreshes the allocation; a zero lifetime deletes it (RFC 8656 §8).</summary>
    public async Task RefreshAsync(TimeSpan lifetime, CancellationToken cancellationToken)
    {
        uint seconds = (uint)lifetime.TotalSeconds;
        var answer = await RequestAsync(StunMethod.Refresh, (ref StunMessageWriter w) => w.AddLifetime(seconds), cancellationToken).ConfigureAwait(false);
        if (StunMessage.TryParse(answer, out var message, out _) && message.TryGetLifetime(out var granted)) Lifetime = TimeSpan.FromSeconds(granted);
    }

    /// <summary>
    /// Relays <paramref name="payload"/> to <paramref name="peer"/>: as ChannelData when a channel is bound, otherwise
    /// as a Send indication (which needs a permission). Never allocates; safe from several threads.
    /// </summary>
    /// <returns>False when the payload does not fit one datagram.</returns>
    public bool SendToPeer(ReadOnlySpan<byte> payload, IPEndPoint peer)
    {
        ushort channel;
        lock (_state) _channelsByPeer.TryGetValue(peer, out channel);
        lock (_sendLock)
        {
            int length;
            if (channel != 0)
            {
                length = TurnChannelData.Write(_sendBuffer, channel, payload);
            }
            else
            {
                // Indications carry no MESSAGE-INTEGRITY (RFC 8656 §11): the server checks the permission instead.
                var writer = new StunMessageWriter(_sendBuffer, new StunMessageType(StunMethod.Send, StunClass.Indication), StunTransactionId.NewRandom());
                length = writer.AddXorPeerAddress(peer) && writer.AddAttribute(StunAttributeType.Data, payload) ? writer.Length : 0;
            }
            if (length == 0) return false;
            _socket.SendTo(_sendBuffer.AsSpan(0, length), SocketFlags.None, _server);
            return true;
        }
    }

    /// <summary>
    /// Takes a datagram that came from <see cref="Server"/>. True when it was TURN's: a transaction's answer (then
    /// <paramref name="peer"/> is null) or data relayed from a peer (<paramref name="peer"/> and <paramref name="payload"/>
    /// set; the payload is a slice of <paramref name="datagram"/>). Never throws on bad input.
    /// </summary>
    public bool TryReceive(ReadOnlySpan<byte> datagram, out IPEndPoint? peer, out ReadOnlySpan<byte> payload)
    {
        peer = null;
        payload = default;
        if (TurnChannelData.TryParse(datagram, out var channel, out var data))
        {
            lock (_state)
            {
                if (!_peersByChannel.TryGetValue(channel, out peer)) return false;
            }
            payload = data;
            return true;
        }
        if (!StunMessage.TryParse(datagram, out var message, out _)) return false;
        switch (message.Type.Class)
        {
            case StunClass.SuccessResponse or StunClass.ErrorResponse:
                if (_pending.TryRemove(message.TransactionId, out var waiting)) waiting.TrySetResult(datagram.ToArray());
                return true;
            case StunClass.Indication when message.Type.Method == StunMethod.Data:
                if (!message.TryGetXorPeerAddress(out peer) || !message.TryGetAttribute(StunAttributeType.Data, out data)) return false;
                payload = data;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Stops refreshing and deletes the allocation on the server (best effort, one second).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _refreshLoop.ConfigureAwait(false);
        if (RelayedAddress is not null)
        {
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
            try
            {
                await RefreshAsync(TimeSpan.Zero, budget.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TurnException or OperationCanceledException or SocketException)
            {
                _logger.TurnReleaseFailed(_server, ex.Message);   // the server drops it when its lifetime ends
            }
        }
        foreach (var waiting in _pending.Values) waiting.TrySetCanceled();
        _stop.Dispose();
    }

    private async Task RefreshLoopAsync()
    {
        // Permissions lapse first (5 min): refresh everything on their rhythm, or sooner for a short allocation.
        var period = Min(PermissionLifetime, Lifetime) - _options.RefreshMargin;
        if (period <= TimeSpan.Zero) period = Min(PermissionLifetime, Lifetime) / 2;
        try
        {
            while (true)
            {
                await Task.Delay(period, _time, _stop.Token).ConfigureAwait(false);
                try
                {
                    await RefreshAsync(_options.RequestedLifetime, _stop.Token).ConfigureAwait(false);
                    await RefreshPermissionsAndChannelsAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (TurnException ex)
                {
                    _logger.TurnRefreshFailed(_server, ex.Message);
                    RefreshFailed?.Invoke(ex);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // disposed
        }
    }

    private async Task RefreshPermissionsAndChannelsAsync(CancellationToken cancellationToken)
    {
        List<IPAddress> permissions;
        List<(IPEndPoint Peer, ushort Channel)> channels;
        lock (_state)
        {
            permissions = [.. _permissions];
            channels = _channelsByPeer.Select(p => (p.Key, p.Value)).ToList();
        }
        foreach (var peer in permissions) await CreatePermissionAsync(peer, cancellationToken).ConfigureAwait(false);
        foreach (var (peer, channel) in channels)
        {
            await RequestAsync(StunMethod.ChannelBind, (ref StunMessageWriter w) =>
            {
                w.AddChannelNumber(channel);
                w.AddXorPeerAddress(peer);
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);
}
