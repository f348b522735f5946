using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Sync;
using Gateway.Rtc.WebRtc;
using Gateway.Worker.Captures;
using Gateway.Worker.Sources.Rtp;
using Gateway.Worker.Sources.Whip;
using Gateway.Worker.WebRtc;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Sources.Whep;

/// <summary>
/// A WHEP client source: the gateway POSTs a recvonly offer (full ICE, controlling; DTLS in the role the answer leaves
/// it) with the configured bearer token, applies the answer, connects and records what arrives exactly like a WHIP
/// publisher's media — same tracks, feedback and pipeline. DELETEs its session when the capture stops. Every way it
/// can fail (unreachable URL, HTTP error, unusable answer, ICE, DTLS) ends the capture with that reason.
/// </summary>
internal sealed partial class WhepCaptureSource : ICaptureSource
{
    private static readonly Meter Meter = new("Gateway.Whep");
    private static readonly Counter<long> QueueDrops = Meter.CreateCounter<long>("gateway.whep.queue_drops", description: "Datagrams dropped because a WHEP capture's queue was full");

    private readonly string _captureId;
    private readonly Uri _url;
    private readonly string? _token;
    private readonly WebRtcHost _host;
    private readonly HttpClient _http;
    private readonly WhepSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<InboundDatagram> _queue;
    private readonly TimelineAligner _timeline = new(new TimelineAlignerOptions());
    private readonly TrackFeedback _feedback;
    private readonly Viewers.LiveMedia? _live;
    private WhipTrack[] _tracks = [];
    private IReadOnlyList<IRtpCodec> _codecs = [];
    private WebRtcOutgoingPeer? _peer;
    private Uri? _session;
    private long _queueDropped, _invalid;
    private int _disposed;

    public WhepCaptureSource(string captureId, Uri url, string? token, WebRtcHost host, HttpClient http, WhepSourceOptions options,
        TimeProvider time, ILogger logger, Viewers.LiveMediaRegistry? viewers = null)
    {
        (_captureId, _url, _token, _host, _http, _options, _time, _logger) = (captureId, url, token, host, http, options, time, logger);
        // The URL may carry a secret in its query: the resource shows only scheme, host and path.
        Status = new SourceStatus { Type = "whep" };
        _feedback = new TrackFeedback((uint)Random.Shared.NextInt64(1, uint.MaxValue), options.MaxBitrate, time);
        _queue = Channel.CreateBounded<InboundDatagram>(
            new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                dropped.Dispose();
                Interlocked.Increment(ref _queueDropped);
                QueueDrops.Add(1);
            });
        _live = viewers?.Open(captureId, RequestKeyFrame);   // this capture can itself be watched over WHEP
    }

    public SourceStatus Status { get; }

    public IReadOnlyList<IRtpCodec> Tracks => Volatile.Read(ref _codecs);

    /// <summary>Sent as a PLI by the feedback loop, rate-limited per track.</summary>
    public void RequestKeyFrame()
    {
        foreach (var track in Volatile.Read(ref _tracks))
        {
            if (track.Codec.Kind == MediaKind.Video) track.KeyFrames.Request();
        }
    }

    public IReadOnlyList<TrackStatus> SnapshotTracks() =>
        Volatile.Read(ref _tracks).Select(t => TrackStatuses.Of(t.Pipeline) with { NacksSent = t.Nack.Requested, PliSent = t.KeyFrames.Sent }).ToList();

    /// <summary>Decrypted media from the outgoing peer's socket loop: queued for the capture's loop, never blocking.</summary>
    private void OnMedia(bool isRtcp, byte[] buffer, int length, long receivedAt)
    {
        var datagram = new InboundDatagram(buffer, length, isRtcp ? 1 : 0, receivedAt);
        if (!_queue.Writer.TryWrite(datagram)) datagram.Dispose();   // the source has finished
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await EndSessionAsync().ConfigureAwait(false);
        if (_live is not null) await _live.DisposeAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left)) left.Dispose();
        foreach (var track in _tracks) track.Pipeline.Dispose();
    }
}
