using Gateway.Pipelines.Codecs;
using Gateway.Rtc.Sdp;

namespace Gateway.Worker.Viewers;

/// <summary>
/// Which of a viewer's offered sections carries which capture track: in offer order, each audio or video section takes
/// the first capture track of its kind not yet taken whose codec the section offers. The packets pass through
/// untouched (no transcoding), so the codec must be the same; only the payload type is the viewer's.
/// </summary>
internal sealed class ViewerCodecMatch(IReadOnlyList<IRtpCodec> tracks)
{
    private readonly bool[] _taken = new bool[tracks.Count];

    /// <summary>Media index → capture track index, for the sections matched so far.</summary>
    public Dictionary<int, int> TrackOf { get; } = [];

    /// <summary>For <see cref="Rtc.WebRtc.WebRtcAnswerBuilder"/>: the offered codec to send on this section, or null.</summary>
    public SdpCodec? Choose(int mediaIndex, MediaDescription offered)
    {
        for (var track = 0; track < tracks.Count; track++)
        {
            var codec = tracks[track];
            if (_taken[track] || KindOf(codec) != offered.Media) continue;
            var match = offered.GetCodecs().FirstOrDefault(c => Carries(c, codec));
            if (match is null) continue;
            _taken[track] = true;
            TrackOf[mediaIndex] = track;
            return match;
        }
        return null;
    }

    private static string KindOf(IRtpCodec codec) => codec.Kind == MediaKind.Video ? "video" : "audio";

    /// <summary>
    /// Same encoding and clock. H.264 needs packetization-mode 1 on the viewer's side: it takes single NAL units as
    /// well as the STAP-A / FU-A packets of a mode 1 source (RFC 6184 §6.3), so either kind of source plays.
    /// </summary>
    private static bool Carries(SdpCodec offered, IRtpCodec track) =>
        offered.Is(track.EncodingName) && offered.ClockRate == track.ClockRate
        && (!offered.Is("H264") || offered.GetParameter("packetization-mode")?.Trim() == "1");
}
