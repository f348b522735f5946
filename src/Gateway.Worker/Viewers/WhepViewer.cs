using System.Buffers;
using Gateway.Rtc.Dtls;
using Gateway.Rtc.Rtcp;
using Gateway.Rtc.Rtp;
using Gateway.Rtc.WebRtc;
using Gateway.Worker.WebRtc;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Viewers;

/// <summary>
/// One WHEP viewer (the session resource): its peer on the shared port, what it negotiated per capture track (payload
/// type and the SSRC our answer announced), and a watch that ends it when its DTLS session closes or consent expires.
/// Media is sent from the capture's processing loop; the viewer's RTCP arrives on the shared port's loop, where a PLI
/// or FIR becomes a key frame request to the source.
/// </summary>
internal sealed class WhepViewer : IPeerMediaSink, IAsyncDisposable
{
    private const int NotSent = -1;
    private readonly WebRtcHost _host;
    private readonly Action _keyFrameWanted;
    private readonly int[] _payloadTypes;
    private readonly uint[] _ssrcs;
    private readonly byte[] _report = new byte[256];
    private readonly CancellationTokenSource _abort = new();
    private Task<string> _watch = Task.FromResult("not started");
    private long _packetsSent, _bytesSent, _keyFrameRequests;
    private int _disposed;

    public WhepViewer(string id, WebRtcPeer peer, WebRtcHost host, int trackCount, IReadOnlyDictionary<int, NegotiatedMedia> byTrack, Action keyFrameWanted)
    {
        (Id, Peer, _host, _keyFrameWanted) = (id, peer, host, keyFrameWanted);
        _payloadTypes = Enumerable.Repeat(NotSent, trackCount).ToArray();
        _ssrcs = new uint[trackCount];
        foreach (var (track, media) in byTrack)
        {
            _payloadTypes[track] = media.Codec.PayloadType;
            _ssrcs[track] = media.SendSsrc ?? throw new ArgumentException("a sending answer names an SSRC per section", nameof(byTrack));
        }
        host.Register(peer, this);
    }

    public string Id { get; }

    public WebRtcPeer Peer { get; }

    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    public long KeyFrameRequests => Interlocked.Read(ref _keyFrameRequests);

    /// <summary>
    /// Forwards one of the capture's packets under this viewer's payload type and SSRC; sequence number, timestamp and
    /// marker stay the source's, so the viewer sees the source's own packet order and timing. Capture loop only.
    /// </summary>
    public void Send(int track, in RtpHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> padding)
    {
        if ((uint)track >= (uint)_payloadTypes.Length || _payloadTypes[track] == NotSent) return;
        var rewritten = new RtpHeader(header.Marker, (byte)_payloadTypes[track], header.SequenceNumber, header.Timestamp, _ssrcs[track]);
        if (!Peer.TrySendRtp(rewritten, payload, padding)) return;
        _packetsSent++;
        _bytesSent += payload.Length;
    }

    /// <summary>
    /// The source's sender report, restated for our SSRC (same NTP ↔ RTP mapping, since timestamps pass through
    /// unchanged; our own counts): the viewer syncs audio and video from it (RFC 3550 §6.4.1). Capture loop only.
    /// </summary>
    public void SendSenderReport(int track, in SenderInfo source)
    {
        if ((uint)track >= (uint)_payloadTypes.Length || _payloadTypes[track] == NotSent || !Peer.IsConnected) return;
        var ssrc = _ssrcs[track];
        var info = new SenderInfo(ssrc, source.NtpTimestamp, source.RtpTimestamp, (uint)_packetsSent, (uint)_bytesSent);
        if (!new SenderReport(info, ReadOnlySpan<ReceptionReport>.Empty).TryWriteTo(_report, out var used)) return;
        if (SourceDescription.TryWriteCName(_report.AsSpan(used), ssrc, "gateway", out var sdes)) used += sdes;
        Peer.TrySendRtcp(_report.AsSpan(0, used));
    }

    /// <summary>The viewer's RTCP (receiver reports, PLI, FIR): a key frame request goes to the source.</summary>
    public void OnMedia(bool isRtcp, byte[] buffer, int length, long receivedAt)
    {
        try
        {
            if (!isRtcp) return;   // we answered sendonly: a viewer has nothing to send us
            foreach (var packet in RtcpCompound.Enumerate(buffer.AsSpan(0, length)))
            {
                // RFC 4585 §6.3.1 PLI (FMT 1), RFC 5104 §4.3.1 FIR (FMT 4).
                if (packet.Type != RtcpPacketType.PayloadFeedback || packet.Count is not (1 or 4)) continue;
                Interlocked.Increment(ref _keyFrameRequests);
                _keyFrameWanted();
            }
        }
        finally
        {
            Rtc.Transport.DatagramPool.Shared.Return(buffer);   // the shared port rented it there
        }
    }

    /// <summary>
    /// Runs the DTLS handshake, asks the source for a key frame so the new viewer can start decoding, then watches until
    /// the DTLS session ends, consent expires or <see cref="DisposeAsync"/> aborts. Returns why it ended.
    /// </summary>
    public Task<string> Start(TimeProvider time, WhepViewerOptions options, string captureId, ILogger logger) =>
        _watch = WatchAsync(time, options, captureId, logger);

    private async Task<string> WatchAsync(TimeProvider time, WhepViewerOptions options, string captureId, ILogger logger)
    {
        var token = _abort.Token;
        try
        {
            await Peer.ConnectAsync(token).ConfigureAwait(false);
            logger.ViewerConnected(captureId, Id);
            _keyFrameWanted();
            using var timer = new PeriodicTimer(options.CheckInterval, time);
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                if (Peer.Completion.IsCompleted) return $"DTLS session ended: {await Peer.Completion.ConfigureAwait(false)}";
                if (Peer.Ice.ConsentExpired(time, options.ConsentTimeout)) return $"consent expired: no ICE check for {options.ConsentTimeout}";
            }
            return "stopped";
        }
        catch (DtlsHandshakeException ex)
        {
            logger.ViewerHandshakeFailed(captureId, Id, $"{ex.Reason}: {ex.Message}");
            return "DTLS handshake failed";
        }
        catch (Exception ex) when (ex is OperationCanceledException or DtlsChannelClosedException or ObjectDisposedException)
        {
            return "deleted or capture ended";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _host.Unregister(Peer);
        await _abort.CancelAsync().ConfigureAwait(false);
        await _watch.ConfigureAwait(false);     // never faults: the handshake is over before the peer goes
        await Peer.DisposeAsync().ConfigureAwait(false);
        _abort.Dispose();
    }
}
