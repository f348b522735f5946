using System.Diagnostics.Metrics;

namespace Gateway.Worker.Captures;

/// <summary>
/// Capture metrics for Prometheus (<c>/metrics</c>): captures by state, and per-track totals by kind (packets, loss,
/// NACKs, PLIs, frames written) over every capture since start — finished captures' final counts plus the running
/// ones' live counts, so the counters only grow. Tagged by kind and state only: capture ids would make the series
/// unbounded.
/// </summary>
internal sealed class CaptureMetrics : IDisposable
{
    private readonly Meter _meter = new("Gateway.Captures");
    private readonly Func<IEnumerable<CaptureRecord>> _running;
    private readonly Func<IEnumerable<CaptureRecord>> _all;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TrackTotals> _finished = new(StringComparer.Ordinal);

    public CaptureMetrics(Func<IEnumerable<CaptureRecord>> running, Func<IEnumerable<CaptureRecord>> all)
    {
        (_running, _all) = (running, all);
        _meter.CreateObservableGauge("gateway.captures", ObserveStates, "{capture}", "Captures by state");
        _meter.CreateObservableCounter("gateway.track.packets", () => ObserveTracks(t => t.PacketsReceived), "{packet}", "RTP packets received");
        _meter.CreateObservableCounter("gateway.track.bytes", () => ObserveTracks(t => t.BytesReceived), "By", "RTP bytes received");
        _meter.CreateObservableCounter("gateway.track.packets_lost", () => ObserveTracks(t => t.PacketsLost), "{packet}", "RTP packets lost");
        _meter.CreateObservableCounter("gateway.track.nacks", () => ObserveTracks(t => t.NacksSent), "{packet}", "Packets asked for again by NACK");
        _meter.CreateObservableCounter("gateway.track.plis", () => ObserveTracks(t => t.PliSent), "{request}", "Picture loss indications sent");
        _meter.CreateObservableCounter("gateway.track.frames_written", () => ObserveTracks(t => t.FramesWritten), "{frame}", "Frames handed to the recorder");
        _meter.CreateObservableCounter("gateway.track.frames_dropped", () => ObserveTracks(t => t.FramesDropped), "{frame}",
            "Frames dropped before the recorder (incomplete, or waiting for a key frame after a loss)");
    }

    /// <summary>A capture finished: its final track counts join the totals.</summary>
    public void OnFinished(CaptureRecord record)
    {
        lock (_gate)
        {
            foreach (var track in record.Tracks)
            {
                _finished[track.Kind] = (_finished.TryGetValue(track.Kind, out var sum) ? sum : default) + TrackTotals.Of(track);
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveStates() =>
        _all().GroupBy(r => r.State).Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("state", System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(g.Key.ToString()))));

    private IEnumerable<Measurement<long>> ObserveTracks(Func<TrackTotals, long> pick)
    {
        Dictionary<string, TrackTotals> totals;
        lock (_gate) totals = new Dictionary<string, TrackTotals>(_finished, StringComparer.Ordinal);
        foreach (var track in _running().SelectMany(r => r.Tracks))
            totals[track.Kind] = (totals.TryGetValue(track.Kind, out var sum) ? sum : default) + TrackTotals.Of(track);
        return totals.Select(t => new Measurement<long>(pick(t.Value), new KeyValuePair<string, object?>("kind", t.Key)));
    }

    public void Dispose() => _meter.Dispose();

    private readonly record struct TrackTotals(long PacketsReceived, long PacketsLost, long NacksSent, long PliSent, long FramesWritten,
        long FramesDropped, long BytesReceived)
    {
        public static TrackTotals Of(TrackStatus t) =>
            new(t.PacketsReceived, t.PacketsLost, t.NacksSent, t.PliSent, t.FramesWritten, t.FramesDropped, t.BytesReceived);

        public static TrackTotals operator +(TrackTotals a, TrackTotals b) => new(a.PacketsReceived + b.PacketsReceived,
            a.PacketsLost + b.PacketsLost, a.NacksSent + b.NacksSent, a.PliSent + b.PliSent, a.FramesWritten + b.FramesWritten,
            a.FramesDropped + b.FramesDropped, a.BytesReceived + b.BytesReceived);
    }
}
