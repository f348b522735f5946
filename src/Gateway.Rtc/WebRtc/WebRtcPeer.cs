using System.Net;
using Gateway.Rtc.Dtls;
using Gateway.Rtc.Ice;
using Gateway.Rtc.Rtp;
using Gateway.Rtc.Srtp;
using Microsoft.Extensions.Logging;

namespace Gateway.Rtc.WebRtc;

/// <summary>
/// One WebRTC publisher on the shared port: its ICE-lite session, the DTLS server handshake (a=setup:passive, the
/// client certificate checked against the offer's fingerprint) and, once keyed, the SRTP/SRTCP contexts — inbound
/// decrypts what the browser sends, outbound protects our RTCP feedback and, for a WHEP viewer, the media we send. Datagrams reach it from
/// <see cref="SharedUdpPort"/>; it answers through the send callback to the selected remote address.
/// </summary>
public sealed class WebRtcPeer : IWebRtcConnection, IAsyncDisposable
{
    private readonly DtlsDatagramChannel _channel;
    private readonly DtlsServerSession _dtls;
    private readonly Action<ReadOnlyMemory<byte>, IPEndPoint> _sendTo;
    private readonly byte[] _rtcpBuffer = new byte[1500];
    private readonly byte[] _rtpBuffer = new byte[1500];
    // One outbound SRTP context (not thread-safe) protects both RTP and RTCP: one lock for both.
    private readonly Lock _sendGate = new();
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private long _authFailures;
    private int _disposed;
    // SRTP that arrived after the browser finished its side of the handshake but before ours installed the keys
    // (a continuation away, longer on a busy machine): held, then unprotected in order, so the stream's first key
    // frame is not lost — without this the capture waits for a PLI round trip, and a sender that cannot answer
    // PLI loses its whole first GOP. Touched by the port's receive thread; the lock only guards against dispose.
    private readonly Queue<EarlyDatagram> _early = new();
    private bool _hasEarly;

    /// <summary>SRTP/SRTCP datagrams held before the keys, at most: about a second of a 2.5 Mbit/s stream.</summary>
    public const int MaxEarlyDatagrams = 256;

    internal readonly record struct EarlyDatagram(byte[] Buffer, int Length, bool IsRtcp, long ReceivedAt);

    public WebRtcPeer(IceLiteSession ice, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint,
        Action<ReadOnlyMemory<byte>, IPEndPoint> sendTo, DtlsSessionOptions? options = null, ILogger? logger = null)
    {
        Ice = ice ?? throw new ArgumentNullException(nameof(ice));
        _sendTo = sendTo ?? throw new ArgumentNullException(nameof(sendTo));
        _channel = new DtlsDatagramChannel(datagram =>
        {
            if (Ice.SelectedRemote is { } remote) _sendTo(datagram.ToArray(), remote);   // handshake flights only
        });
        _dtls = new DtlsServerSession(certificate, remoteFingerprint, _channel, options, logger);
    }

    public IceLiteSession Ice { get; }

    /// <summary>Set once the handshake is done and SRTP is keyed.</summary>
    public bool IsConnected => Volatile.Read(ref _inbound) is not null;

    /// <summary>SRTP/SRTCP packets dropped for failed authentication or replay.</summary>
    public long AuthenticationFailures => Interlocked.Read(ref _authFailures);

    /// <summary>How the DTLS session ended (close_notify, alert, transport closed).</summary>
    public Task<DtlsSessionEndReason> Completion => _dtls.Completion;

    /// <summary>Runs the DTLS handshake and keys SRTP. Throws <see cref="DtlsHandshakeException"/> with the reason.</summary>
    public async Task<DtlsHandshakeResult> ConnectAsync(CancellationToken cancellationToken)
    {
        var result = await _dtls.HandshakeAsync(cancellationToken).ConfigureAwait(false);
        var keys = result.Keys;
        var profile = (SrtpProfile)(ushort)keys.Profile;   // both enums carry the IANA code points
        // We are the DTLS server: the browser (client) protects with the client key, we with the server key.
        lock (_sendGate) _outbound = new SrtpContext(profile, keys.ServerKey, keys.ServerSalt);
        Volatile.Write(ref _inbound, new SrtpContext(profile, keys.ClientKey, keys.ClientSalt));
        return result;
    }

    /// <summary>
    /// Holds a datagram that came before the keys (the caller checked <see cref="IsConnected"/>); takes ownership of
    /// <paramref name="buffer"/> when it returns true. False when the hold is full or the peer is disposed.
    /// </summary>
    internal bool TryHoldEarly(byte[] buffer, int length, bool isRtcp, long receivedAt)
    {
        lock (_early)
        {
            if (_disposed != 0 || _early.Count >= MaxEarlyDatagrams) return false;
            _early.Enqueue(new EarlyDatagram(buffer, length, isRtcp, receivedAt));
            _hasEarly = true;
            return true;
        }
    }

    /// <summary>Datagrams held now, waiting for the keys.</summary>
    public int HeldDatagrams
    {
        get { lock (_early) return _early.Count; }
    }

    /// <summary>True once keyed while datagrams from before the keys wait (cheap to test per datagram).</summary>
    internal bool HasEarly => _hasEarly && IsConnected;

    /// <summary>Takes the held datagrams, oldest first; the caller owns their buffers.</summary>
    internal EarlyDatagram[] TakeEarly()
    {
        lock (_early)
        {
            _hasEarly = false;
            var all = _early.ToArray();
            _early.Clear();
            return all;
        }
    }

    /// <summary>A DTLS record for this peer (RFC 7983 20..63).</summary>
    public bool DeliverDtls(ReadOnlySpan<byte> datagram) => _channel.TryDeliver(datagram);

    /// <summary>Decrypts and authenticates SRTP in place; false (counted) for anything that does not verify.</summary>
    public bool TryUnprotectRtp(Span<byte> packet, out int length)
    {
        length = 0;
        var inbound = Volatile.Read(ref _inbound);
        if (inbound is null) return false;
        if (inbound.UnprotectRtp(packet, out length, out _)) return true;
        Interlocked.Increment(ref _authFailures);
        return false;
    }

    public bool TryUnprotectRtcp(Span<byte> packet, out int length)
    {
        length = 0;
        var inbound = Volatile.Read(ref _inbound);
        if (inbound is null) return false;
        if (inbound.UnprotectRtcp(packet, out length, out _)) return true;
        Interlocked.Increment(ref _authFailures);
        return false;
    }

    /// <summary>Protects a plain RTCP compound (receiver report, NACK, PLI, REMB) and sends it to the peer.</summary>
    public bool TrySendRtcp(ReadOnlySpan<byte> compound)
    {
        if (Ice.SelectedRemote is not { } remote) return false;
        lock (_sendGate)
        {
            if (_outbound is not { } outbound) return false;    // not keyed yet, or disposed
            if (compound.Length > _rtcpBuffer.Length - 64) return false;
            compound.CopyTo(_rtcpBuffer);
            if (!outbound.ProtectRtcp(_rtcpBuffer, compound.Length, out var length, out _)) return false;
            _sendTo(_rtcpBuffer.AsMemory(0, length), remote);   // sent synchronously, under the lock
            return true;
        }
    }

    /// <summary>
    /// Writes an RTP packet (the fixed header of <paramref name="header"/>, no CSRCs or extensions, then the payload and,
    /// when not empty, the original padding with the P bit set), protects it and sends it to the peer. Allocates nothing.
    /// False before the handshake is done, when the packet does not fit one datagram, or when SRTP refuses the index.
    /// </summary>
    public bool TrySendRtp(in RtpHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> padding)
    {
        if (!IsConnected || Ice.SelectedRemote is not { } remote) return false;
        var length = RtpHeader.FixedLength + payload.Length + padding.Length;
        lock (_sendGate)
        {
            if (_outbound is not { } outbound) return false;    // disposed: a viewer may leave while media flows
            if (length + outbound.RtpOverhead > _rtpBuffer.Length || !header.TryWriteTo(_rtpBuffer, out _)) return false;
            if (!padding.IsEmpty) _rtpBuffer[0] |= 0x20;    // RFC 3550 §5.1 P bit: the last octet counts the padding
            payload.CopyTo(_rtpBuffer.AsSpan(RtpHeader.FixedLength));
            padding.CopyTo(_rtpBuffer.AsSpan(RtpHeader.FixedLength + payload.Length));
            if (!outbound.ProtectRtp(_rtpBuffer, length, out var protectedLength, out _)) return false;
            _sendTo(_rtpBuffer.AsMemory(0, protectedLength), remote);   // sent synchronously, under the lock
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _dtls.DisposeAsync().ConfigureAwait(false);
        _channel.Dispose();
        foreach (var early in TakeEarly()) Transport.DatagramPool.Shared.Return(early.Buffer);
        _inbound?.Dispose();
        lock (_sendGate)
        {
            _outbound?.Dispose();
            _outbound = null;
        }
    }
}
