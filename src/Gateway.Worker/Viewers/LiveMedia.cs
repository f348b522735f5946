using System.Security.Cryptography;
using Gateway.Pipelines.Codecs;
using Gateway.Rtc.Dtls;
using Gateway.Rtc.Ice;
using Gateway.Rtc.Rtcp;
using Gateway.Rtc.Rtp;
using Gateway.Rtc.Sdp;
using Gateway.Rtc.WebRtc;
using Gateway.Worker.WebRtc;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Viewers;

/// <summary>
/// A live capture's media as WHEP viewers get it: the source hands every RTP packet it receives (before its jitter
/// buffer: least delay) and every sender report to <see cref="Forward"/>, which sends them to each connected viewer.
/// Viewers come and go from HTTP threads (copy-on-write array); the packet path reads the array without a lock and
/// allocates nothing. Nothing a viewer does — failing its handshake, leaving, going silent — reaches the recording:
/// its only way back is a rate-limited key frame request to the source.
/// </summary>
public sealed class LiveMedia : IAsyncDisposable
{
    private readonly string _captureId;
    private readonly LiveMediaRegistry _registry;
    private readonly WebRtcHost _host;
    private readonly WhepViewerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _requestKeyFrame;
    private readonly Lock _gate = new();
    private IReadOnlyList<IRtpCodec> _tracks = [];
    private uint?[] _sourceSsrcs = [];
    private WhepViewer[] _viewers = [];
    private bool _ended;

    internal LiveMedia(string captureId, LiveMediaRegistry registry, WebRtcHost host, WhepViewerOptions options, TimeProvider time,
        ILogger logger, Action requestKeyFrame)
    {
        (_captureId, _registry, _host, _options, _time, _logger, _requestKeyFrame) = (captureId, registry, host, options, time, logger, requestKeyFrame);
    }

    public string CaptureId => _captureId;

    public int ViewerCount => Volatile.Read(ref _viewers).Length;

    /// <summary>Packets sent to all viewers so far (for tests and the capture's diagnostics).</summary>
    public long PacketsSent => Volatile.Read(ref _viewers).Sum(v => v.PacketsSent);

    /// <summary>The capture's tracks, once the source knows them (at once for RTP, with the first publisher for WHIP).</summary>
    public void SetTracks(IReadOnlyList<IRtpCodec> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        lock (_gate)
        {
            if (_tracks.Count > 0) return;     // a recording's tracks never change
            _sourceSsrcs = new uint?[tracks.Count];
            _tracks = tracks;
        }
    }

    /// <summary>One received RTP packet of <paramref name="track"/>; <paramref name="datagram"/> is the whole plain packet. Capture loop only.</summary>
    public void Forward(int track, in RtpHeader header, ReadOnlySpan<byte> datagram, Range payload)
    {
        var viewers = Volatile.Read(ref _viewers);
        var ssrcs = Volatile.Read(ref _sourceSsrcs);
        if ((uint)track < (uint)ssrcs.Length) ssrcs[track] = header.Ssrc;
        if (viewers.Length == 0) return;
        var body = datagram[payload];
        var padding = header.PaddingLength > 0 && header.PaddingLength <= datagram.Length ? datagram[^header.PaddingLength..] : default;
        foreach (var viewer in viewers) viewer.Send(track, header, body, padding);
    }

    /// <summary>A sender report of the source: restated to every viewer for the track that SSRC feeds. Capture loop only.</summary>
    public void ForwardSenderReport(in SenderInfo info)
    {
        var viewers = Volatile.Read(ref _viewers);
        if (viewers.Length == 0) return;
        var ssrcs = Volatile.Read(ref _sourceSsrcs);
        for (var track = 0; track < ssrcs.Length; track++)
        {
            if (ssrcs[track] != info.Ssrc) continue;
            foreach (var viewer in viewers) viewer.SendSenderReport(track, info);
        }
    }

    /// <summary>Answers a viewer's recvonly offer (sendonly, ICE-lite, DTLS passive) or says why not. Never throws for bad input.</summary>
    public WhepViewOutcome AddViewer(string offerSdp)
    {
        if (!SdpMessage.TryParse(offerSdp, out var offer, out var parseError))
            return Rejected(WhepViewRejection.MalformedOffer, $"The offer is not valid SDP: {parseError}.");
        if (offer.Media.Count == 0) return Rejected(WhepViewRejection.MalformedOffer, "The offer has no m= section.");
        lock (_gate)
        {
            if (_ended) return Rejected(WhepViewRejection.Ended, "This capture has ended.");
            if (_tracks.Count == 0) return Rejected(WhepViewRejection.NotAvailable, "The capture has no media yet (a WHIP capture waits for its publisher); try again.");
            if (_viewers.Length >= _options.MaxViewersPerCapture)
                return Rejected(WhepViewRejection.NotAvailable, $"The capture already serves its maximum of {_options.MaxViewersPerCapture} viewers.");

            var ufrag = IceCredentialGenerator.NewUfrag();
            var password = IceCredentialGenerator.NewPassword();
            var answerOptions = new WebRtcAnswerOptions(ufrag, password, _host.Certificate.Fingerprint.HexDigest, _host.Candidates)
            {
                Direction = SdpDirection.SendOnly,
            };
            var match = new ViewerCodecMatch(_tracks);
            if (!WebRtcAnswerBuilder.TryBuild(offer, match.Choose, answerOptions, out var answer, out var negotiated, out var failure, out var reason))
            {
                return failure == WebRtcAnswerFailure.NoRecordableCodec
                    ? Rejected(WhepViewRejection.NoCommonCodec, $"{reason}. The capture carries {string.Join(", ", _tracks.Select(t => t.EncodingName))} and does not transcode.")
                    : Rejected(WhepViewRejection.MalformedOffer, reason);
            }
            var first = offer.Media[negotiated[0].MediaIndex];
            var remoteIce = first.GetIceCredentials(offer)!;
            if (!DtlsFingerprint.TryParse(first.GetFingerprint(offer)!.Value, out var fingerprint, out var fingerprintError))
                return Rejected(WhepViewRejection.MalformedOffer, $"The offer's a=fingerprint cannot be used: {fingerprintError}.");

            var peer = new WebRtcPeer(new IceLiteSession(ufrag, password, remoteIce.Ufrag), _host.Certificate, fingerprint!, _host.SendTo, _options.Dtls, _logger);
            var byTrack = negotiated.ToDictionary(n => match.TrackOf[n.MediaIndex]);
            var viewer = new WhepViewer(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), peer, _host, _tracks.Count, byTrack, _requestKeyFrame);
            Volatile.Write(ref _viewers, [.. _viewers, viewer]);
            _logger.ViewerAnswered(_captureId, viewer.Id, string.Join(", ", negotiated.Select(n => $"{n.Kind} {n.Codec.EncodingName}")));
            _ = WatchAsync(viewer);
            return new WhepViewOutcome.Answered(viewer.Id, answer!.ToString());
        }
    }

    /// <summary>DELETE of the viewer's session resource. False for an unknown session.</summary>
    public async Task<bool> TryRemoveViewerAsync(string sessionId)
    {
        var viewer = Volatile.Read(ref _viewers).FirstOrDefault(v => string.Equals(v.Id, sessionId, StringComparison.Ordinal));
        if (viewer is null) return false;
        await RemoveAsync(viewer, "deleted by the viewer").ConfigureAwait(false);
        return true;
    }

    private async Task WatchAsync(WhepViewer viewer)
    {
        var reason = await viewer.Start(_time, _options, _captureId, _logger).ConfigureAwait(false);
        await RemoveAsync(viewer, reason).ConfigureAwait(false);
    }

    private async Task RemoveAsync(WhepViewer viewer, string reason)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_viewers, viewer) < 0) return;      // removed already (DELETE raced the watch)
            Volatile.Write(ref _viewers, _viewers.Where(v => !ReferenceEquals(v, viewer)).ToArray());
        }
        _logger.ViewerLeft(_captureId, viewer.Id, reason);
        await viewer.DisposeAsync().ConfigureAwait(false);
    }

    private static WhepViewOutcome Rejected(WhepViewRejection reason, string detail) => new WhepViewOutcome.Rejected(reason, detail);

    /// <summary>The capture ended: no new viewers, every viewer's session is closed.</summary>
    public async ValueTask DisposeAsync()
    {
        WhepViewer[] viewers;
        lock (_gate)
        {
            if (_ended) return;
            _ended = true;
            viewers = _viewers;
            Volatile.Write(ref _viewers, []);
        }
        _registry.Remove(this);
        foreach (var viewer in viewers)
        {
            _logger.ViewerLeft(_captureId, viewer.Id, "the capture ended");
            await viewer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
