using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Gateway.Rtc.Ice;
using Gateway.Rtc.Transport;

namespace Gateway.Rtc.WebRtc;

/// <summary>Decrypted media for a peer. The handler owns <paramref name="buffer"/> (from <see cref="DatagramPool"/>) and returns it there.</summary>
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
    private Thread? _loop;
    // Each peer's selected remote is one IPEndPoint object for as long as the pair holds: its serialized form is kept
    // beside it, so a send (one per forwarded packet per WHEP viewer) allocates nothing.
    private readonly ConditionalWeakTable<IPEndPoint, SocketAddress> _addresses = new();
    private readonly ConditionalWeakTable<IPEndPoint, SocketAddress>.CreateValueCallback _serialize;
    private readonly long[] _dropped = new long[Enum.GetValues<PortDropReason>().Length];

    /// <summary>Every publisher's packets queue in this one socket's buffer while the loop is descheduled: at
    /// 100 publishers of 2.5 Mbit/s, 32 MiB holds about a second of media.</summary>
    public const int DefaultReceiveBufferBytes = 32 << 20;

    private const int ReceiveTimeoutMs = 500;
    private const int BatchSize = 64;
    private const int BusyBatch = BatchSize * 3 / 4;
    private const int QuietSleepMs = 4;

    public SharedUdpPort(IPEndPoint bind, PeerMediaHandler media, TimeProvider time, int receiveBufferBytes = DefaultReceiveBufferBytes)
    {
        _media = media ?? throw new ArgumentNullException(nameof(media));
        _time = time;
        _ice = new IceLiteResponder(time);
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bind.AddressFamily == AddressFamily.InterNetworkV6) _socket.DualMode = true;
        ReceiveBuffers.Enlarge(_socket, receiveBufferBytes);
        _socket.ReceiveTimeout = ReceiveTimeoutMs;
        _socket.Bind(bind);
        var dualMode = bind.AddressFamily == AddressFamily.InterNetworkV6;
        _serialize = remote => (dualMode && remote.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(remote.Address.MapToIPv6(), remote.Port) : remote).Serialize();
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Datagrams that belonged to nobody or did not verify, and failed sends.</summary>
    public long Dropped => Enum.GetValues<PortDropReason>().Sum(DroppedBy);

    public long DroppedBy(PortDropReason reason) => Interlocked.Read(ref _dropped[(int)reason]);

    private void Drop(PortDropReason reason) => Interlocked.Increment(ref _dropped[(int)reason]);

    public int Peers => _byUfrag.Count;

    /// <summary>The receive buffer the kernel granted, in bytes (it may clamp what was asked: net.core.rmem_max).</summary>
    public int ReceiveBufferBytes => _socket.ReceiveBufferSize;

    public void Start()
    {
        _loop = new Thread(Receive) { IsBackground = true, Name = "webrtc-udp-rx" };
        _loop.Start();
    }

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
            Drop(PortDropReason.SendFailed);     // the peer is gone; consent expiry ends its session
        }
        catch (ObjectDisposedException)
        {
            // shutting down
        }
    }

    /// <summary>
    /// The receive loop, on its own thread with blocking receives: every publisher's packets arrive here, and a
    /// thread-pool continuation per datagram (the async receive) cost more than the datagram's own work and queued
    /// behind every other task when the machine was busy, which is when the socket buffer overflowed.
    /// </summary>
    private void Receive()
    {
        var cancellationToken = _stop.Token;
        // One SocketAddress, filled in by every receive: routing by RemoteKey allocates nothing per datagram; an
        // IPEndPoint is made only for STUN checks, which the ICE responder answers.
        var from = new SocketAddress(_socket.AddressFamily);
        var template = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var response = new byte[512];
        try
        {
            if (UdpBatchReceiver.IsSupported) ReceiveBatches(from, template, response, cancellationToken);
            else ReceiveEach(from, template, response, cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            // the port is being disposed
        }
        catch (SocketException) when (cancellationToken.IsCancellationRequested)
        {
            // the socket was closed under the blocking receive
        }
    }

    /// <summary>
    /// Linux: a blocking receive woke this thread for every burst a publisher sent (thousands a second at 100
    /// publishers), and each wake-up cost more than the datagrams it brought. Here the loop takes everything waiting
    /// in one call, and while datagrams keep coming sleeps between batches: a millisecond when the batch was nearly
    /// full, else <see cref="QuietSleepMs"/> (each wake-up of this thread cost ~15 µs on the VM, a tenth of the
    /// gateway's CPU at 35 publishers when it woke every millisecond). Only when a batch finds nothing does it block
    /// (poll) until the next datagram. A few milliseconds are nothing beside the jitter buffer, and at 100 publishers
    /// (30 000 datagrams/s) 4 ms of them hold ~300 KiB of socket buffer, within even a 208 KiB rmem_max (doubled).
    /// </summary>
    private void ReceiveBatches(SocketAddress from, IPEndPoint template, byte[] response, CancellationToken cancellationToken)
    {
        using var batch = new UdpBatchReceiver(_socket, BatchSize, MaxDatagram);
        while (!cancellationToken.IsCancellationRequested)
        {
            int count = batch.Receive(out _);
            if (count < 0)
            {
                Thread.Sleep(1);                                  // an ICMP error reported once, or worse: never spin
                continue;
            }
            for (int i = 0; i < count; i++)
            {
                var datagram = batch.Datagram(i);
                if (batch.IsTruncated(i))
                {
                    Drop(PortDropReason.Unclassified);
                    continue;
                }
                var buffer = DatagramPool.Rent();
                datagram.CopyTo(buffer);
                batch.CopySender(i, from);
                if (!Route(buffer, datagram.Length, from, template, response)) DatagramPool.Shared.Return(buffer);
            }
            if (count == batch.Capacity) continue;            // more may be waiting
            if (count >= BusyBatch) Thread.Sleep(1);
            else if (count > 0) Thread.Sleep(QuietSleepMs);
            else _socket.Poll(ReceiveTimeoutMs * 1000, SelectMode.SelectRead);   // idle: wait for data or a stop
        }
    }

    private void ReceiveEach(SocketAddress from, IPEndPoint template, byte[] response, CancellationToken cancellationToken)
    {
        byte[]? buffer = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                buffer ??= DatagramPool.Rent();
                int length;
                try
                {
                    length = _socket.ReceiveFrom(buffer.AsSpan(0, MaxDatagram), SocketFlags.None, from);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused
                    or SocketError.TimedOut or SocketError.WouldBlock)
                {
                    continue;   // ICMP from a vanished peer (facts.md), or the idle timeout that lets the loop see a stop
                }
                if (Route(buffer, length, from, template, response)) buffer = null;   // handed over with the media
            }
        }
        finally
        {
            if (buffer is not null) DatagramPool.Shared.Return(buffer);
        }
    }

    /// <returns>True when <paramref name="buffer"/> went to the media handler with the decrypted packet.</returns>
    private bool Route(byte[] buffer, int length, SocketAddress from, IPEndPoint template, byte[] response)
    {
        if (!RemoteKey.TryFrom(from, out var key))
        {
            Drop(PortDropReason.Unclassified);
            return false;
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
                else Drop(PortDropReason.StunUnanswered);
                return false;
            case DatagramKind.Dtls when _byRemote.TryGetValue(key, out var dtlsPeer):
                if (!dtlsPeer.DeliverDtls(datagram)) Drop(PortDropReason.DtlsRefused);
                return false;
            case DatagramKind.Rtp or DatagramKind.Rtcp when _byRemote.TryGetValue(key, out var mediaPeer):
                var isRtcp = kind == DatagramKind.Rtcp;
                var now = _time.GetTimestamp();
                if (!mediaPeer.IsConnected)
                {
                    if (mediaPeer.TryHoldEarly(buffer, length, isRtcp, now)) return true;
                    Drop(PortDropReason.SrtpFailed);
                    return false;
                }
                if (mediaPeer.HasEarly) Release(mediaPeer);
                return Deliver(mediaPeer, isRtcp, buffer, length, now);
            case DatagramKind.Dtls or DatagramKind.Rtp or DatagramKind.Rtcp:
                Drop(PortDropReason.UnknownSender);
                return false;
            default:
                Drop(PortDropReason.Unclassified);
                return false;
        }
    }

    /// <summary>Unprotects and hands over one datagram; true when the handler took <paramref name="buffer"/>.</summary>
    private bool Deliver(WebRtcPeer peer, bool isRtcp, byte[] buffer, int length, long receivedAt)
    {
        var datagram = buffer.AsSpan(0, length);
        var ok = isRtcp ? peer.TryUnprotectRtcp(datagram, out var plain) : peer.TryUnprotectRtp(datagram, out plain);
        if (!ok)
        {
            Drop(PortDropReason.SrtpFailed);
            return false;
        }
        _media(peer, isRtcp, buffer, plain, receivedAt);
        return true;
    }

    /// <summary>The datagrams a peer held before its keys, in arrival order, ahead of the one that found it keyed.</summary>
    private void Release(WebRtcPeer peer)
    {
        foreach (var early in peer.TakeEarly())
        {
            if (!Deliver(peer, early.IsRtcp, early.Buffer, early.Length, early.ReceivedAt)) DatagramPool.Shared.Return(early.Buffer);
        }
    }

    /// <summary>A dual-mode socket reports IPv4 peers as ::ffff:a.b.c.d; keep one form so lookups match.</summary>
    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        // The blocking receive returns at the close, or at the latest after the receive timeout.
        if (_loop is { } loop) await Task.Run(() => loop.Join(ReceiveTimeoutMs * 4)).ConfigureAwait(false);
        _stop.Dispose();
    }
}
