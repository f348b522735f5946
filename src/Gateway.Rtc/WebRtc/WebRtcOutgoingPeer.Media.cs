using System.Buffers;
using Gateway.Rtc.Dtls;
using Gateway.Rtc.Ice;
using Gateway.Rtc.Srtp;

namespace Gateway.Rtc.WebRtc;

/// <summary>The keyed half: demultiplexing what ICE delivers (RFC 7983), SRTP in and SRTCP out.</summary>
public sealed partial class WebRtcOutgoingPeer
{
    private const int MaxDatagram = 1500;
    private readonly byte[] _rtcpBuffer = new byte[MaxDatagram];
    private readonly Lock _rtcpGate = new();
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private long _authFailures;

    public bool IsConnected => Volatile.Read(ref _inbound) is not null;

    public long AuthenticationFailures => Interlocked.Read(ref _authFailures);

    public Task<DtlsSessionEndReason> Completion => _dtls?.Completion ?? throw new InvalidOperationException("Apply the remote description first.");

    public bool TrySendRtcp(ReadOnlySpan<byte> compound)
    {
        if (Volatile.Read(ref _outbound) is not { } outbound) return false;
        lock (_rtcpGate)
        {
            if (compound.Length > _rtcpBuffer.Length - 64) return false;
            compound.CopyTo(_rtcpBuffer);
            if (!outbound.ProtectRtcp(_rtcpBuffer, compound.Length, out var length, out _)) return false;
            return Ice.Send(_rtcpBuffer.AsSpan(0, length));   // sent synchronously, under the lock
        }
    }

    private void KeySrtp(DtlsSrtpKeys keys)
    {
        var profile = (SrtpProfile)(ushort)keys.Profile;   // both enums carry the IANA code points
        // RFC 5764 §4.2: each side protects with its own role's key and salt.
        var (outKey, outSalt, inKey, inSalt) = IsDtlsClient
            ? (keys.ClientKey, keys.ClientSalt, keys.ServerKey, keys.ServerSalt)
            : (keys.ServerKey, keys.ServerSalt, keys.ClientKey, keys.ClientSalt);
        Volatile.Write(ref _outbound, new SrtpContext(profile, outKey, outSalt));
        Volatile.Write(ref _inbound, new SrtpContext(profile, inKey, inSalt));
    }

    private void DisposeSrtp()
    {
        Interlocked.Exchange(ref _inbound, null)?.Dispose();
        Interlocked.Exchange(ref _outbound, null)?.Dispose();
    }

    /// <summary>Called by the ICE receive loop for every non-STUN datagram from the peer.</summary>
    private void OnDatagram(ReadOnlySpan<byte> datagram, long receivedAt)
    {
        var kind = DatagramClassifier.Classify(datagram);
        if (kind == DatagramKind.Dtls)
        {
            _channel.TryDeliver(datagram);
            return;
        }
        if (kind is not (DatagramKind.Rtp or DatagramKind.Rtcp) || datagram.Length > MaxDatagram) return;
        var inbound = Volatile.Read(ref _inbound);
        if (inbound is null) return;                 // media before our keys: nothing can decrypt it
        var buffer = Transport.DatagramPool.Rent();
        datagram.CopyTo(buffer);
        var isRtcp = kind == DatagramKind.Rtcp;
        int length;
        bool ok;
        try
        {
            ok = isRtcp ? inbound.UnprotectRtcp(buffer.AsSpan(0, datagram.Length), out length, out _)
                        : inbound.UnprotectRtp(buffer.AsSpan(0, datagram.Length), out length, out _);
        }
        catch (ObjectDisposedException)
        {
            ok = false;
            length = 0;
        }
        if (!ok)
        {
            Interlocked.Increment(ref _authFailures);
            Transport.DatagramPool.Shared.Return(buffer);
            return;
        }
        _media(isRtcp, buffer, length, receivedAt);   // ownership of the buffer moves to the handler
    }
}
