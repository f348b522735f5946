using Gateway.Rtc.Ice;
using Gateway.Rtc.Sdp;
using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.WebRtc;

/// <summary>The answering side, for peers that offer first (an SFU such as Janus sending a subscriber offer).</summary>
public sealed partial class WebRtcOutgoingPeer
{
    /// <summary>
    /// Answers the peer's offer (after <see cref="GatherAsync"/>): per sending section the first format
    /// <paramref name="accepts"/> takes, recvonly, with our candidates and <c>a=setup:active</c> (we are the DTLS
    /// client). ICE: controlled, unless the offerer is ICE-lite (RFC 8445 §6.1.1), then controlling.
    /// </summary>
    /// <exception cref="WebRtcConnectException"><see cref="WebRtcConnectFailure.BadRemoteDescription"/> with the reason.</exception>
    public string AcceptOffer(string offerSdp, Func<SdpCodec, bool> accepts, out WebRtcRemoteDescription remote)
    {
        if (!WebRtcRemoteDescription.TryReadOffer(offerSdp, accepts, out var read, out var error, out var reason))
            throw new WebRtcConnectException(WebRtcConnectFailure.BadRemoteDescription, $"The offer cannot be used ({error}): {reason}");
        remote = read!;
        if (remote.Setup == SdpSetupRole.Active)
            throw new WebRtcConnectException(WebRtcConnectFailure.BadRemoteDescription, "The offer says a=setup:active; an offer must say actpass (RFC 8842 §5.2)");
        // The answer machinery of the WHIP path picks codecs, RTX and feedback the same way; what differs for a full
        // ICE agent that connects out is patched below: no ice-lite, our gathered candidates, our DTLS role.
        var accepted = remote.Media.Select(m => m.Codec).ToHashSet();
        var builderOptions = new WebRtcAnswerOptions(Ice.LocalUfrag, Ice.LocalPassword, _certificate.Fingerprint.HexDigest, []);
        if (!WebRtcAnswerBuilder.TryBuild(remote.Sdp, accepted.Contains, builderOptions, out var answer, out _, out _, out reason))
            throw new WebRtcConnectException(WebRtcConnectFailure.BadRemoteDescription, $"The offer cannot be answered: {reason}");
        var offererIsLite = remote.Sdp.Attributes.Contains(SdpAttributeNames.IceLite);
        var dtlsClient = remote.Setup is SdpSetupRole.ActPass or SdpSetupRole.Passive;
        Patch(answer!, dtlsClient ? SdpSetupRole.Active : SdpSetupRole.Passive);
        Ice.AssumeRole(offererIsLite ? IceRole.Controlling : IceRole.Controlled);
        Apply(remote, dtlsClient);
        return answer!.ToString();
    }

    private void Patch(SdpMessage answer, SdpSetupRole setup)
    {
        var iceLite = answer.Attributes.FirstOrDefault(a => a.Name == SdpAttributeNames.IceLite);
        if (iceLite is not null) answer.Attributes.Remove(iceLite);
        var candidates = Ice.LocalCandidates;
        var first = candidates.OrderByDescending(c => c.Priority).FirstOrDefault();
        foreach (var section in answer.Media)
        {
            if (section.Port == 0) continue;
            section.Port = first?.EndPoint.Port ?? 9;
            section.Connection = SdpConnection.Create(first?.EndPoint.Address.ToString() ?? "0.0.0.0");
            var a = section.Attributes;
            foreach (var old in a.Where(x => x.Name is SdpAttributeNames.Setup or SdpAttributeNames.Candidate or SdpAttributeNames.EndOfCandidates).ToList())
                a.Remove(old);
            a.Add(new SetupAttribute(setup));
            foreach (var candidate in candidates) a.Add(candidate.ToAttribute());
            a.Add(new GenericAttribute(SdpAttributeNames.EndOfCandidates, null));
        }
    }
}
