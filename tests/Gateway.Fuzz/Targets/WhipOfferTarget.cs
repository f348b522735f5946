using System.Net;
using System.Text;
using Gateway.Pipelines.Formats;
using Gateway.Rtc.Dtls;
using Gateway.Rtc.Sdp;
using Gateway.Rtc.WebRtc;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// A WHIP offer as the WHIP source handles it: parse the SDP, build the answer with the recorded-codec predicate,
/// read the remote ICE credentials and fingerprint, create the negotiated codecs. An answer must parse again and
/// accept only what was offered; a refusal must say why.
/// </summary>
internal sealed class WhipOfferTarget : IFuzzTarget
{
    private static readonly WebRtcAnswerOptions Options = new("gwUf", "gateway-ice-password-24c",
        "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
        [new IPEndPoint(IPAddress.Loopback, 8189), new IPEndPoint(IPAddress.IPv6Loopback, 8189)]);

    public string Name => "whip";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (!SdpMessage.TryParse(Encoding.UTF8.GetString(input), out var offer, out _) || offer.Media.Count == 0) return;
        if (!WebRtcAnswerBuilder.TryBuild(offer, Records, Options, out var answer, out var negotiated, out var failure, out var reason))
        {
            if (failure == WebRtcAnswerFailure.None || reason.Length == 0) throw new InvalidOperationException("refused without a reason");
            return;
        }
        if (answer is null || negotiated.Count == 0) throw new InvalidOperationException("accepted without media");
        var text = answer.ToString();
        if (!SdpMessage.TryParse(text, out var again, out var error)) throw new InvalidOperationException($"our answer does not parse: {error}\n{text}");
        if (again.Media.Count != offer.Media.Count) throw new InvalidOperationException("answer and offer differ in m= sections");
        foreach (var media in negotiated)
        {
            var offered = offer.Media[media.MediaIndex];
            if (!offered.GetCodecs().Any(c => c.PayloadType == media.Codec.PayloadType))
                throw new InvalidOperationException($"answered payload type {media.Codec.PayloadType} was not offered");
            if (!CodecRegistry.TryCreate(media.Codec, out _, out var codecReason))
                throw new InvalidOperationException($"negotiated a codec the registry refuses: {codecReason}");
            // The WHIP source dereferences these after a successful build.
            _ = offered.GetIceCredentials(offer) ?? throw new InvalidOperationException("accepted without ICE credentials");
            var fingerprint = offered.GetFingerprint(offer) ?? throw new InvalidOperationException("accepted without a fingerprint");
            DtlsFingerprint.TryParse(fingerprint.Value, out _, out _);
        }
    }

    /// <summary>Same predicate as the WHIP source: what the pipeline records, H.264 only in packetization-mode 1.</summary>
    private static bool Records(SdpCodec codec) =>
        CodecRegistry.TryCreate(codec, out _, out _)
        && (!codec.EncodingName.Equals("H264", StringComparison.OrdinalIgnoreCase) || codec.GetParameter("packetization-mode")?.Trim() == "1");
}
