using System.Net;
using System.Net.Sockets;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Rtc.Sdp;
using Gateway.Worker.Captures;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Sources.Rtp;

/// <summary>
/// Opens plain RTP sources (source.type "rtp"): reads the SDP the way ffmpeg's -sdp_file writes it, picks one codec
/// per m= section among those the pipeline records, binds the ports (port 0 = from the range) and answers with the
/// same description carrying the bound address and ports.
/// </summary>
public sealed class RtpSourceFactory(RtpSourceOptions options, TimeProvider time, ILoggerFactory loggers, HeldRtpPorts? held = null,
    Viewers.LiveMediaRegistry? viewers = null) : ICaptureSourceFactory
{
    private readonly UdpPortBinder _binder = new(options.PortRange, held);

    public string Type => "rtp";

    public Task<ICaptureSource> OpenAsync(string captureId, SourceSpec spec, CancellationToken cancellationToken)
    {
        if (!SdpMessage.TryParse(spec.Sdp ?? "", out var offer, out var error))
            throw new SourceRejectedException("source.sdp", $"The SDP is malformed: {error}.");
        var plans = Plan(offer);
        var address = BindAddress(offer);
        var answer = offer.Clone();
        var sockets = new List<BoundSocket>();
        try
        {
            for (var i = 0; i < plans.Count; i++)
            {
                var plan = plans[i];
                var media = offer.Media[plan.MediaIndex];
                var explicitRtcp = !plan.RtcpMux && media.Attributes.Get<Rtc.Sdp.Attributes.RtcpAttribute>() is { } rtcp && rtcp.Port != media.Port + 1
                    ? rtcp.Port : (int?)null;
                var pairCount = plan.RtcpMux || explicitRtcp is not null ? 1 : 2;
                var bound = media.Port == 0 ? _binder.BindFromRange(address, pairCount) : _binder.BindExact(address, media.Port, pairCount);
                sockets.Add(new BoundSocket(bound[0], i, plan.RtcpMux ? SocketRole.Muxed : SocketRole.Rtp));
                if (bound.Length > 1) sockets.Add(new BoundSocket(bound[1], i, SocketRole.Rtcp));
                if (explicitRtcp is { } rtcpPort)
                    sockets.Add(new BoundSocket(_binder.BindExact(address, rtcpPort, 1)[0], i, SocketRole.Rtcp));

                var answered = answer.Media[plan.MediaIndex];
                answered.Port = ((IPEndPoint)bound[0].LocalEndPoint!).Port;
                if (!plan.RtcpMux && answered.Attributes.Get<Rtc.Sdp.Attributes.RtcpAttribute>() is not null)
                {
                    var rtcpSocket = sockets.Last(s => s.TrackIndex == i && s.Role == SocketRole.Rtcp).Socket;
                    answered.Attributes.RemoveAll<Rtc.Sdp.Attributes.RtcpAttribute>();
                    answered.Attributes.Add(new Rtc.Sdp.Attributes.RtcpAttribute(((IPEndPoint)rtcpSocket.LocalEndPoint!).Port));
                }
            }
        }
        catch
        {
            foreach (var s in sockets) s.Socket.Dispose();
            throw;
        }
        // Sections we do not record keep port 0 in the answer (RFC 3264 §6: a rejected stream).
        for (var m = 0; m < answer.Media.Count; m++)
            if (plans.All(p => p.MediaIndex != m)) answer.Media[m].Port = 0;
        if (!address.Equals(IPAddress.Any)) answer.Connection = SdpConnection.Create(address.ToString());

        ICaptureSource source = new RtpCaptureSource(captureId, plans, sockets, answer.ToString(), options, time,
            loggers.CreateLogger<RtpCaptureSource>(), viewers);
        return Task.FromResult(source);
    }

    /// <summary>One plan per m= section with a codec we record; a clear reason when there is none at all.</summary>
    private static List<RtpMediaPlan> Plan(SdpMessage offer)
    {
        if (offer.Media.Count == 0) throw new SourceRejectedException("source.sdp", "The SDP describes no media (no m= line).");
        var plans = new List<RtpMediaPlan>();
        var reasons = new List<string>();
        var ports = new HashSet<int>();
        for (var m = 0; m < offer.Media.Count; m++)
        {
            var media = offer.Media[m];
            if (media.Media is not ("audio" or "video"))
            {
                reasons.Add($"m={media.Media}: only audio and video are recorded");
                continue;
            }
            if (!media.Protocol.StartsWith("RTP/", StringComparison.Ordinal))
                throw new SourceRejectedException("source.sdp", $"m={media.Media} uses {media.Protocol}; a plain RTP source needs RTP/AVP.");
            if (media.Port != 0 && !ports.Add(media.Port))
                throw new SourceRejectedException("source.sdp", $"Two m= sections share port {media.Port}; give each stream its own port.");
            IRtpCodec? chosen = null;
            var payloadType = -1;
            foreach (var codec in media.GetCodecs())
            {
                if (CodecRegistry.TryCreate(codec, out var created, out var reason))
                {
                    (chosen, payloadType) = (created, codec.PayloadType);
                    break;
                }
                reasons.Add($"m={media.Media}: {reason}");
            }
            if (chosen is null)
            {
                if (media.GetCodecs().Count == 0) reasons.Add($"m={media.Media}: no payload format has an rtpmap");
                continue;
            }
            plans.Add(new RtpMediaPlan(m, plans.Count, chosen, payloadType, media.IsRtcpMux));
        }
        if (plans.Count == 0)
            throw new SourceRejectedException("source.sdp",
                $"No stream uses a codec the gateway records ({string.Join(", ", CodecRegistry.SupportedEncodings)}): {string.Join("; ", reasons)}.");
        return plans;
    }

    /// <summary>
    /// Listen where the SDP says packets go when that is a loopback address (tests, local senders); anywhere else,
    /// on every interface, since the SDP names the address as the sender sees it (possibly through NAT).
    /// </summary>
    private static IPAddress BindAddress(SdpMessage offer)
    {
        var connection = offer.Media.Select(m => m.GetEffectiveConnection(offer)).FirstOrDefault(c => c is not null);
        if (connection is not null && IPAddress.TryParse(connection.Address, out var address) && IPAddress.IsLoopback(address))
            return address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : address;
        return IPAddress.Any;
    }
}
