using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.Sdp;

/// <summary>Lookups that later stages need, with session-level fallbacks where RFCs define them.</summary>
public sealed partial class MediaDescription
{
    /// <summary>a=mid (RFC 5888 §4), the name BUNDLE groups and the sdes:mid header extension use.</summary>
    public string? Mid => Attributes.GetValue(SdpAttributeNames.Mid);

    public bool IsRtcpMux => Attributes.Contains(SdpAttributeNames.RtcpMux);

    public IEnumerable<CandidateAttribute> Candidates => Attributes.GetAll<CandidateAttribute>();

    public IEnumerable<ExtMapAttribute> Extensions => Attributes.GetAll<ExtMapAttribute>();

    /// <summary>Distinct SSRCs announced by a=ssrc lines (RFC 5576), in first-seen order.</summary>
    public IEnumerable<uint> Ssrcs => Attributes.GetAll<SsrcAttribute>().Select(s => s.Ssrc).Distinct();

    /// <summary>Media-level c= or else the session's (RFC 8866 §5.7).</summary>
    public SdpConnection? GetEffectiveConnection(SdpMessage session) => Connection ?? session.Connection;

    /// <summary>
    /// Where RTCP goes: the RTP port when rtcp-mux is present (RFC 5761 §5.1.3; Chromium still writes a placeholder
    /// a=rtcp:9), else a=rtcp (RFC 3605), else the next port (RFC 3550 §11).
    /// </summary>
    public int GetRtcpPort()
    {
        if (IsRtcpMux) return Port;
        return Attributes.Get<RtcpAttribute>() is { } rtcp ? rtcp.Port : Port + 1;
    }

    /// <summary>Media direction, else the session's, else sendrecv (RFC 8866 §6.7).</summary>
    public SdpDirection GetDirection(SdpMessage session) =>
        Attributes.Direction ?? session.Attributes.Direction ?? SdpDirection.SendRecv;

    /// <summary>ice-ufrag and ice-pwd, each from the media level or else the session level (RFC 8839 §5.4).</summary>
    public IceCredentials? GetIceCredentials(SdpMessage session)
    {
        var ufrag = Attributes.GetValue(SdpAttributeNames.IceUfrag) ?? session.Attributes.GetValue(SdpAttributeNames.IceUfrag);
        var password = Attributes.GetValue(SdpAttributeNames.IcePwd) ?? session.Attributes.GetValue(SdpAttributeNames.IcePwd);
        return ufrag is null || password is null ? null : new(ufrag, password);
    }

    /// <summary>Media-level fingerprints, else session-level ones (RFC 8122 §5): there may be one per hash function.</summary>
    public IReadOnlyList<FingerprintAttribute> GetFingerprints(SdpMessage session)
    {
        var own = Attributes.GetAll<FingerprintAttribute>().ToList();
        return own.Count > 0 ? own : [.. session.Attributes.GetAll<FingerprintAttribute>()];
    }

    public FingerprintAttribute? GetFingerprint(SdpMessage session) => GetFingerprints(session).FirstOrDefault();

    /// <summary>a=setup of the media, else of the session (RFC 4145 §4).</summary>
    public SdpSetupRole? GetSetup(SdpMessage session) =>
        (Attributes.Get<SetupAttribute>() ?? session.Attributes.Get<SetupAttribute>())?.Role;

    /// <summary>
    /// The payload formats in m= order joined with a=rtpmap (or the static table), a=fmtp and a=rtcp-fb (wildcard
    /// feedback included). Numeric formats with neither rtpmap nor a static assignment are skipped: nothing can
    /// decode them.
    /// </summary>
    public IReadOnlyList<SdpCodec> GetCodecs()
    {
        var rtpMaps = Attributes.GetAll<RtpMapAttribute>().ToList();
        var fmtps = Attributes.GetAll<FmtpAttribute>().ToList();
        var feedback = Attributes.GetAll<RtcpFeedbackAttribute>().ToList();
        var codecs = new List<SdpCodec>();
        foreach (var format in Formats)
        {
            if (!RtpMapAttribute.TryParsePayloadType(format, out int payloadType)) continue;
            string name;
            int clockRate;
            int? channels;
            if (rtpMaps.Find(r => r.PayloadType == payloadType) is { } map)
                (name, clockRate, channels) = (map.EncodingName, map.ClockRate, map.Channels);
            else if (!StaticPayloadTypes.TryGet(payloadType, out name, out clockRate, out channels))
                continue;
            var fmtp = fmtps.Find(f => f.PayloadType == payloadType);
            codecs.Add(new SdpCodec(payloadType, name, clockRate, channels, fmtp?.Parameters,
                fmtp?.GetParameters() ?? ValueList<KeyValuePair<string, string>>.Empty,
                new ValueList<string>(feedback.Where(f => f.AppliesTo(payloadType)).Select(f => f.Feedback))));
        }
        return codecs;
    }
}
