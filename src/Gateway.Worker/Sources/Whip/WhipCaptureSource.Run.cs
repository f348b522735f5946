using Gateway.Pipelines.Timing;
using Gateway.Rtc.Dtls;
using Gateway.Worker.Captures;

namespace Gateway.Worker.Sources.Whip;

internal sealed partial class WhipCaptureSource
{
    public async Task<EndReason> RunAsync(IFrameTarget frames, CancellationToken cancellationToken)
    {
        // Like the RTP source: a fixed tick (shared by every capture) drains whatever arrived, runs the jitter buffers
        // and sends feedback.
        using var tick = SharedTick.For(_time, _options.Tick).Subscribe();
        var emit = frames.Write;
        var nextReport = _time.GetTimestamp();
        try
        {
            while (true)
            {
                await tick.WaitAsync(cancellationToken).ConfigureAwait(false);
                var session = Volatile.Read(ref _session);
                if (session is null) continue;                       // waiting for a publisher
                if (session.Deleted)
                {
                    while (_queue.Reader.TryRead(out var datagram)) Handle(datagram);
                    foreach (var track in _tracks) track.Pipeline.Drain(emit);
                    _logger.PublisherDeleted(_captureId, session.Id);
                    return EndReason.SourceEnded;
                }
                if (session.Connect.IsFaulted || session.Connect.IsCanceled)
                {
                    await DropFailedSessionAsync(session).ConfigureAwait(false);
                    continue;
                }
                while (_queue.Reader.TryRead(out var datagram)) Handle(datagram);
                foreach (var track in _tracks) track.Pipeline.Drain(emit);
                if (!session.Connect.IsCompletedSuccessfully) continue;

                var now = _time.GetTimestamp();
                var reportDue = now >= nextReport;
                if (reportDue) nextReport = now + (long)(_options.ReportInterval.TotalSeconds * _time.TimestampFrequency);
                _feedback.Send(session.Peer, _tracks, reportDue);

                if (session.Peer.Completion.IsCompleted)
                {
                    _logger.PublisherClosed(_captureId, session.Id, await session.Peer.Completion.ConfigureAwait(false));
                    return EndReason.SourceEnded;
                }
                if (session.Peer.Ice.ConsentExpired(_time, _options.ConsentTimeout))
                {
                    _logger.ConsentExpired(_captureId, session.Id, _options.ConsentTimeout);
                    return EndReason.SourceEnded;
                }
            }
        }
        finally
        {
            // Nothing more will arrive: what waits behind a gap in a jitter buffer is written, not dropped.
            while (_queue.Reader.TryRead(out var datagram)) Handle(datagram);
            foreach (var track in _tracks) track.Pipeline.Flush(emit);
            await EndAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The handshake failed (wrong fingerprint, timeout, alert): forget that publisher and wait for another.</summary>
    private async Task DropFailedSessionAsync(WhipSession session)
    {
        var reason = session.Connect.Exception?.InnerException is DtlsHandshakeException dtls ? $"{dtls.Reason}: {dtls.Message}" : "cancelled";
        Interlocked.Increment(ref _failedHandshakes);
        _logger.HandshakeFailed(_captureId, session.Id, reason);
        lock (_gate) _session = null;
        await session.DisposeAsync().ConfigureAwait(false);
        while (_queue.Reader.TryRead(out var stale)) stale.Dispose();
    }

    /// <summary>From here on no publisher is taken; the session's peer leaves the shared port.</summary>
    private async Task EndAsync()
    {
        WhipSession? session;
        lock (_gate)
        {
            _ended = true;
            session = _session;
        }
        if (session is not null) await session.DisposeAsync().ConfigureAwait(false);
    }
}
