using System.Collections.Concurrent;
using Gateway.Worker.WebRtc;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Viewers;

/// <summary>
/// The live captures WHEP viewers can watch (<c>/whep/{id}</c>): every source opens one <see cref="LiveMedia"/> per
/// capture and disposes it when it ends, whatever its type.
/// </summary>
public sealed class LiveMediaRegistry(WebRtcHost host, WhepViewerOptions options, TimeProvider time, ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, LiveMedia> _live = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggers.CreateLogger<LiveMedia>();

    /// <param name="requestKeyFrame">Asks the capture's sender for a key frame (a WebRTC source sends a PLI; plain RTP cannot).</param>
    public LiveMedia Open(string captureId, Action requestKeyFrame)
    {
        var live = new LiveMedia(captureId, this, host, options, time, _logger, requestKeyFrame);
        _live[captureId] = live;
        return live;
    }

    public LiveMedia? Find(string captureId) => _live.GetValueOrDefault(captureId);

    internal void Remove(LiveMedia live) => _live.TryRemove(new(live.CaptureId, live));
}
