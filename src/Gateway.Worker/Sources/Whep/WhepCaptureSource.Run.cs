using Gateway.Worker.Captures;

namespace Gateway.Worker.Sources.Whep;

internal sealed partial class WhepCaptureSource
{
    public async Task<EndReason> RunAsync(IFrameTarget frames, CancellationToken cancellationToken)
    {
        var emit = frames.Write;
        try
        {
            try
            {
                await ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (WhepSourceException ex)
            {
                _logger.WhepFailed(_captureId, ex.Message);
                throw;                                   // the capture fails with this message as its error
            }
            var peer = _peer!;
            // Like the WHIP source: a fixed tick drains whatever arrived, runs the jitter buffers and sends feedback.
            using var tick = new PeriodicTimer(_options.Tick, _time);
            var nextReport = _time.GetTimestamp();
            while (await tick.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var datagram)) Handle(datagram);
                foreach (var track in _tracks) track.Pipeline.Drain(emit);
                var now = _time.GetTimestamp();
                var reportDue = now >= nextReport;
                if (reportDue) nextReport = now + (long)(_options.ReportInterval.TotalSeconds * _time.TimestampFrequency);
                _feedback.Send(peer, _tracks, reportDue);

                if (peer.Completion.IsCompleted)
                {
                    _logger.WhepEnded(_captureId, $"DTLS session ended: {await peer.Completion.ConfigureAwait(false)}");
                    return EndReason.SourceEnded;
                }
                if (peer.Disconnected.IsCompleted)
                {
                    _logger.WhepEnded(_captureId, $"ICE: {await peer.Disconnected.ConfigureAwait(false)}");
                    return EndReason.SourceEnded;
                }
            }
            return EndReason.SourceEnded;
        }
        finally
        {
            // Nothing more will arrive: what waits behind a gap in a jitter buffer is written, not dropped.
            while (_queue.Reader.TryRead(out var datagram)) Handle(datagram);
            foreach (var track in _tracks) track.Pipeline.Flush(emit);
            await EndSessionAsync().ConfigureAwait(false);
        }
    }
}
