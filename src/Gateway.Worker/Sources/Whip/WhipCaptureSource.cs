using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Pipelines.Sync;
using Gateway.Pipelines.Tracks;
using Gateway.Rtc.Dtls;
using Gateway.Rtc.Ice;
using Gateway.Rtc.Sdp;
using Gateway.Rtc.WebRtc;
using Gateway.Worker.Captures;
using Gateway.Worker.Sources.Rtp;
using Gateway.Worker.WebRtc;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Sources.Whip;

/// <summary>
/// A WHIP source (RFC 9725): waits for one publisher to POST its offer, answers as ICE-lite / DTLS-passive on the
/// shared port, then records what it sends. Like the RTP source, one processing loop per capture owns every track's
/// state; the shared port's receive loop only decrypts and queues. A publisher whose handshake fails is dropped and
/// the capture goes on waiting; DELETE, consent expiry or a DTLS close ends the source.
/// </summary>
internal sealed partial class WhipCaptureSource : ICaptureSource, IWhipIngest
{
    private readonly string _captureId;
    private readonly byte[] _token;
    private readonly WebRtcHost _host;
    private static readonly Meter Meter = new("Gateway.Whip");
    private static readonly Counter<long> QueueDrops = Meter.CreateCounter<long>("gateway.whip.queue_drops", description: "Datagrams dropped because a WHIP capture's queue was full");
    private readonly WhipSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<InboundDatagram> _queue;
    private readonly TimelineAligner _timeline = new(new TimelineAlignerOptions());
    private readonly Lock _gate = new();
    private readonly TrackFeedback _feedback;
    private readonly Viewers.LiveMedia? _live;
    private WhipSession? _session;
    private WhipTrack[] _tracks = [];
    private IReadOnlyList<IRtpCodec> _codecs = [];
    private bool _ended;
    private long _queueDropped, _invalid, _failedHandshakes;
    private int _disposed;

    public WhipCaptureSource(string captureId, string token, WebRtcHost host, WhipSourceOptions options, TimeProvider time, ILogger logger,
        Viewers.LiveMediaRegistry? viewers = null)
    {
        (_captureId, _host, _options, _time, _logger) = (captureId, host, options, time, logger);
        _token = Encoding.UTF8.GetBytes(token);
        Status = new SourceStatus { Type = "whip", WhipUrl = $"/whip/{captureId}", BearerToken = token };
        _feedback = new TrackFeedback((uint)Random.Shared.NextInt64(1, uint.MaxValue), options.MaxBitrate, time);
        _live = viewers?.Open(captureId, RequestKeyFrame);   // WHEP viewers; their PLIs become ours to the publisher
        _queue = Channel.CreateBounded<InboundDatagram>(
            new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                dropped.Dispose();
                Interlocked.Increment(ref _queueDropped);
                QueueDrops.Add(1);
            });
    }

    public SourceStatus Status { get; }

    public IReadOnlyList<IRtpCodec> Tracks => Volatile.Read(ref _codecs);

    /// <summary>Sent as a PLI by the feedback loop, rate-limited per track (<see cref="Rtc.Feedback.KeyFrameRequester"/>).</summary>
    public void RequestKeyFrame()
    {
        foreach (var track in Volatile.Read(ref _tracks))
        {
            if (track.Codec.Kind == MediaKind.Video) track.KeyFrames.Request();
        }
    }

    /// <summary>Publishers whose DTLS handshake failed (wrong fingerprint, timeout, alert).</summary>
    public long FailedHandshakes => Interlocked.Read(ref _failedHandshakes);

    public bool IsAuthorized(string? bearerToken)
    {
        if (bearerToken is null) return false;
        var presented = Encoding.UTF8.GetBytes(bearerToken);
        return CryptographicOperations.FixedTimeEquals(presented, _token);
    }

    public Task<WhipOfferResult> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken)
    {
        if (!SdpMessage.TryParse(offerSdp, out var offer, out var parseError))
            return Rejected(WhipRejection.MalformedOffer, $"The offer is not valid SDP: {parseError}.");
        if (offer.Media.Count == 0) return Rejected(WhipRejection.MalformedOffer, "The offer has no m= section.");
        lock (_gate)
        {
            if (_ended) return Rejected(WhipRejection.Ended, "This capture has ended and takes no publisher.");
            if (_session is not null) return Rejected(WhipRejection.Busy, "A publisher is already connected to this capture.");

            var ufrag = IceCredentialGenerator.NewUfrag();
            var password = IceCredentialGenerator.NewPassword();
            var answerOptions = new WebRtcAnswerOptions(ufrag, password, _host.Certificate.Fingerprint.HexDigest, _host.Candidates);
            if (!WebRtcAnswerBuilder.TryBuild(offer, Records, answerOptions, out var answer, out var negotiated, out var failure, out var reason))
                return Rejected(failure == WebRtcAnswerFailure.NoRecordableCodec ? WhipRejection.NoSupportedCodec : WhipRejection.MalformedOffer, reason);

            var first = offer.Media[negotiated[0].MediaIndex];
            var remoteIce = first.GetIceCredentials(offer)!;
            var fingerprintAttribute = first.GetFingerprint(offer)!;
            if (!DtlsFingerprint.TryParse(fingerprintAttribute.Value, out var fingerprint, out var fingerprintError))
                return Rejected(WhipRejection.MalformedOffer, $"The offer's a=fingerprint cannot be used: {fingerprintError}.");
            if (!TryCreateTracks(negotiated, out reason))
                return Rejected(WhipRejection.NoSupportedCodec, reason);

            var ice = new IceLiteSession(ufrag, password, remoteIce.Ufrag);
            var peer = new WebRtcPeer(ice, _host.Certificate, fingerprint!, _host.SendTo, _options.Dtls, _logger);
            var sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            _session = new WhipSession(sessionId, peer, _host, _queue.Writer);
            _logger.PublisherAnswered(_captureId, sessionId, string.Join(", ", negotiated.Select(n => $"{n.Kind} {n.Codec.EncodingName}")));
            return Task.FromResult<WhipOfferResult>(new WhipOfferResult.Answered(sessionId, answer!.ToString()));
        }
    }

    public bool TryEndSession(string sessionId)
    {
        var session = Volatile.Read(ref _session);
        if (session is null || !string.Equals(session.Id, sessionId, StringComparison.Ordinal)) return false;
        session.MarkDeleted();
        return true;
    }

    /// <summary>The codecs the pipeline records; H.264 only in packetization-mode 1 (FU-A, what browsers send).</summary>
    private static bool Records(SdpCodec codec) =>
        CodecRegistry.TryCreate(codec, out _, out _)
        && (!codec.EncodingName.Equals("H264", StringComparison.OrdinalIgnoreCase) || codec.GetParameter("packetization-mode")?.Trim() == "1");

    /// <summary>
    /// The first publisher decides the capture's tracks. A later one (after a failed handshake) must offer the same
    /// kinds and codecs, because a recording's tracks cannot change.
    /// </summary>
    private bool TryCreateTracks(IReadOnlyList<NegotiatedMedia> negotiated, out string reason)
    {
        reason = "";
        if (_tracks.Length > 0)
        {
            var same = _tracks.Length == negotiated.Count && _tracks.Zip(negotiated).All(p =>
                p.First.Media.Kind == p.Second.Kind && p.First.Codec.EncodingName.Equals(p.Second.Codec.EncodingName, StringComparison.OrdinalIgnoreCase));
            if (!same)
            {
                reason = "This capture already records other tracks; a new publisher must send the same kinds and codecs.";
                return false;
            }
            _tracks = _tracks.Zip(negotiated, (track, media) => new WhipTrack(media, track.Codec, track.Pipeline, track.Nack, track.KeyFrames)).ToArray();
            BuildRoutes();
            return true;
        }
        var tracks = new WhipTrack[negotiated.Count];
        for (var i = 0; i < negotiated.Count; i++)
        {
            var media = negotiated[i];
            CodecRegistry.TryCreate(media.Codec, out var codec, out _);
            var pipeline = new TrackPipeline(i, codec!, _timeline, _options.Track, _time);
            var track = new WhipTrack(media, codec!, pipeline, new Rtc.Feedback.NackScheduler(_options.Nack, _time), new Rtc.Feedback.KeyFrameRequester(_time));
            pipeline.KeyFrameNeeded += _ => track.KeyFrames.Request();
            tracks[i] = track;
        }
        _tracks = tracks;
        BuildRoutes();
        Volatile.Write(ref _codecs, tracks.Select(t => t.Codec).ToList());
        _live?.SetTracks(_codecs);
        return true;
    }

    private static Task<WhipOfferResult> Rejected(WhipRejection reason, string detail) =>
        Task.FromResult<WhipOfferResult>(new WhipOfferResult.Rejected(reason, detail));

    public IReadOnlyList<TrackStatus> SnapshotTracks()
    {
        WhipTrack[] tracks;
        lock (_gate) tracks = _tracks;
        // Plus what only the WebRTC path does: ask for retransmissions and key frames.
        return tracks.Select(t => TrackStatuses.Of(t.Pipeline) with { NacksSent = t.Nack.Requested, PliSent = t.KeyFrames.Sent }).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        WhipSession? session;
        lock (_gate)
        {
            _ended = true;
            session = _session;
        }
        if (session is not null) await session.DisposeAsync().ConfigureAwait(false);
        if (_live is not null) await _live.DisposeAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left)) left.Dispose();
        foreach (var track in _tracks) track.Pipeline.Dispose();
    }
}
