using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Gateway.Rtc.Ice;

namespace Gateway.Rtc.WebRtc;

/// <summary>Decrypted media for a peer. The handler owns <paramref name="buffer"/> (from the shared pool) and returns it.</summary>
public delegate void PeerMediaHandler(WebRtcPeer peer, bool isRtcp, byte[] buffer, int length, long receivedAt);

/// <summary>
/// The one UDP port every WebRTC session shares (Gateway:WebRtc:UdpPort). Each datagram is classified by its first
/// byte (RFC 7983): STUN goes to the ICE-lite responder, which ties the sender's address to a session; DTLS and
/// SRTP/SRTCP are then routed by that address to the session's <see cref="WebRtcPeer"/>. Anything else — garbage,
/// unknown ufrags, failed authentication, packets from addresses no check came from — is dropped and counted; one
/// bad peer cannot stop the loop.
/// </summary>
public sealed class SharedUdpPort : IAsyncDisposable
{
    private const int MaxDatagram = 1500;
    private readonly Socket _socket;
    private readonly IceLiteResponder _ice;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, WebRtcPeer> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RemoteKey, WebRtcPeer> _byRemote = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly PeerMediaHandler _media;
    // Each peer's selected remote is one IPEndPoint object for as long as the pair holds: its serialized form is kept
    // beside it, so a send (one per forwarded packet per WHEP viewer) allocates nothing.
    private readonly ConditionalWeakTable<IPEndPoint, SocketAddress> _addresses = new();
    private readonly ConditionalWeakTable<IPEndPoint, SocketAddress>.CreateValueCallback _serialize;
    private Task _loop = Task.CompletedTask;
    private long _dropped;

    public SharedUdpPort(IPEndPoint bind, PeerMediaHandler media, TimeProvider time)
    {
        _media = media ?? throw new ArgumentNullException(nameof(media));
        _time = time;
        _ice = new IceLiteResponder(time);
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bind.AddressFamily == AddressFamily.InterNetworkV6) _socket.DualMode = true;
        _socket.ReceiveBufferSize = 4 << 20;
        _socket.Bind(bind);
        var dualMode = bind.AddressFamily == AddressFamily.InterNetworkV6;
        _serialize = remote => (dualMode && remote.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(remote.Address.MapToIPv6(), remote.Port) : remote).Serialize();
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Datagrams that belonged to nobody or did not verify.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public int Peers => _byUfrag.Count;

    public void Start() => _loop = Task.Run(() => ReceiveAsync(_stop.Token));

    public void Add(WebRtcPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _ice.Add(peer.Ice);
        _byUfrag[peer.Ice.LocalUfrag] = peer;
    }

    /// <summary>Forgets the peer: its checks and packets are dropped from now on.</summary>
    public void Remove(WebRtcPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _ice.Remove(peer.Ice);
        _byUfrag.TryRemove(new(peer.Ice.LocalUfrag, peer));
        foreach (var (remote, owner) in _byRemote)
            if (ReferenceEquals(owner, peer)) _byRemote.TryRemove(new(remote, owner));
    }

    /// <summary>Sends from the shared socket (handshake flights, STUN answers, RTCP feedback).</summary>
    public void SendTo(ReadOnlyMemory<byte> datagram, IPEndPoint remote)
    {
        try
        {
            _socket.SendTo(datagram.Span, SocketFlags.None, _addresses.GetValue(remote, _serialize));
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _dropped);     // the peer is gone; consent expiry ends its session
        }
        catch (ObjectDisposedException)
        {
            // shutting down
        }
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        // One SocketAddress, filled in by every receive: routing by RemoteKey allocates nothing per datagram; an
        // IPEndPoint is made only for STUN checks, which the ICE responder answers.
        var from = new SocketAddress(_socket.AddressFamily);
        var template = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var response = new byte[512];
        while (!cancellationToken.IsCancellationRequested)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
            var handedOver = false;
            try
            {
                int length;
                try
                {
                    length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
                {
                    continue;   // ICMP from a vanished peer (facts.md): not a reason to stop the shared port
                }
                if (!RemoteKey.TryFrom(from, out var key))
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }
                var datagram = buffer.AsSpan(0, length);
                var kind = DatagramClassifier.Classify(datagram);
                switch (kind)
                {
                    case DatagramKind.Stun:
                        var remote = Normalize((IPEndPoint)template.Create(from));
                        if (_ice.Handle(datagram, remote, response, out var written, out var session) == IceCheckResult.Answered
                            && _byUfrag.TryGetValue(session!.LocalUfrag, out var checkedPeer))
                        {
                            _byRemote[key] = checkedPeer;
                            SendTo(response.AsMemory(0, written), remote);
                        }
                        else Interlocked.Increment(ref _dropped);
                        break;
                    case DatagramKind.Dtls when _byRemote.TryGetValue(key, out var dtlsPeer):
                        if (!dtlsPeer.DeliverDtls(datagram)) Interlocked.Increment(ref _dropped);
                        break;
                    case DatagramKind.Rtp or DatagramKind.Rtcp when _byRemote.TryGetValue(key, out var mediaPeer):
                        var isRtcp = kind == DatagramKind.Rtcp;
                        var ok = isRtcp ? mediaPeer.TryUnprotectRtcp(datagram, out var plain) : mediaPeer.TryUnprotectRtp(datagram, out plain);
                        if (!ok)
                        {
                            Interlocked.Increment(ref _dropped);
                            break;
                        }
                        handedOver = true;
                        _media(mediaPeer, isRtcp, buffer, plain, _time.GetTimestamp());
                        break;
                    default:
                        Interlocked.Increment(ref _dropped);
                        break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            finally
            {
                if (!handedOver) ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>A dual-mode socket reports IPv4 peers as ::ffff:a.b.c.d; keep one form so lookups match.</summary>
    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
