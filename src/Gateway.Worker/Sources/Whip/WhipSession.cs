using Gateway.Rtc.Dtls;
using Gateway.Rtc.WebRtc;
using Gateway.Worker.Sources.Rtp;
using Gateway.Worker.WebRtc;
using System.Threading.Channels;

namespace Gateway.Worker.Sources.Whip;

/// <summary>
/// One publisher connection (the WHIP session resource): the peer on the shared port and its DTLS handshake, started
/// as soon as the answer is out. Decrypted media goes straight into the capture's queue.
/// </summary>
internal sealed class WhipSession : IPeerMediaSink, IAsyncDisposable
{
    private readonly WebRtcHost _host;
    private readonly ChannelWriter<InboundDatagram> _queue;
    private readonly CancellationTokenSource _abort = new();
    private int _deleted, _disposed;

    public WhipSession(string id, WebRtcPeer peer, WebRtcHost host, ChannelWriter<InboundDatagram> queue)
    {
        (Id, Peer, _host, _queue) = (id, peer, host, queue);
        host.Register(peer, this);
        Connect = peer.ConnectAsync(_abort.Token);
    }

    public string Id { get; }

    public WebRtcPeer Peer { get; }

    /// <summary>The DTLS handshake; faults with <see cref="DtlsHandshakeException"/> (wrong fingerprint, timeout, ...).</summary>
    public Task<DtlsHandshakeResult> Connect { get; }

    /// <summary>The publisher sent DELETE.</summary>
    public bool Deleted => Volatile.Read(ref _deleted) != 0;

    public void MarkDeleted() => Volatile.Write(ref _deleted, 1);

    public void OnMedia(bool isRtcp, byte[] buffer, int length, long receivedAt)
    {
        var datagram = new InboundDatagram(buffer, length, isRtcp ? 1 : 0, receivedAt);
        if (!_queue.TryWrite(datagram)) datagram.Dispose();   // the source has finished
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _host.Unregister(Peer);
        await _abort.CancelAsync().ConfigureAwait(false);
        try
        {
            await Connect.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or DtlsHandshakeException or DtlsChannelClosedException or ObjectDisposedException)
        {
            // how it failed was already reported; disposal only has to wait for it
        }
        await Peer.DisposeAsync().ConfigureAwait(false);
        _abort.Dispose();
    }
}
