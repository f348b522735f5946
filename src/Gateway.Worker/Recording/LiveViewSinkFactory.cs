using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Sinks;
using Gateway.Worker.Captures;

namespace Gateway.Worker.Recording;

/// <summary>
/// Wraps the recording factory with what live viewers need: HLS defaults from <c>Gateway:Hls</c> and the hls folder
/// (ffmpeg's hls muxer does not create it), the HLS finishing decorator, and the key-frame tap behind thumbnails.
/// </summary>
public sealed class LiveViewSinkFactory(IRecordingSinkFactory inner, HlsOutputOptions hlsDefaults, LiveThumbnails thumbnails)
    : IRecordingSinkFactory
{
    public IReadOnlySet<string> SupportedOutputs => inner.SupportedOutputs;

    public IRecordingSink Create(string captureId, string directory, IReadOnlyList<IRtpCodec> tracks, IReadOnlyList<OutputSpec> outputs)
    {
        bool hls = outputs.Any(o => o.Type == "hls");
        if (hls) Directory.CreateDirectory(HlsFolder.For(directory));
        var filled = outputs.Select(o => o.Type == "hls"
            ? o with
            {
                SegmentSeconds = o.SegmentSeconds ?? hlsDefaults.SegmentSeconds,
                Format = o.Format ?? (hlsDefaults.Format == HlsSegmentFormat.Ts ? "ts" : "fmp4"),
            }
            : o).ToList();
        var sink = inner.Create(captureId, directory, tracks, filled);
        if (hls) sink = new HlsRecordingSink(sink, captureId, HlsFolder.For(directory));
        for (int i = 0; i < tracks.Count; i++)
        {
            if (tracks[i].Kind != MediaKind.Video) continue;
            var latest = new LatestKeyFrame(tracks[i], i);
            return new KeyFrameTapSink(sink, latest, thumbnails.Register(captureId, latest));   // the first video track
        }
        return sink;
    }
}
