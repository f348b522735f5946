using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Sinks;
using Gateway.Worker.Captures;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Recording;

/// <summary>
/// Records captures with <see cref="FfmpegSink"/>: one ffmpeg for all of a capture's files (in its folder), and one
/// more per <c>rtmp</c> output, fed the same frames (<see cref="FanOutRecordingSink"/>), so a restream's outage and
/// reconnects stay its own.
/// </summary>
public sealed class FfmpegRecordingSinkFactory(FfmpegSinkOptions defaults, TimeProvider time, ILoggerFactory loggers) : IRecordingSinkFactory
{
    private const string Rtmp = "rtmp";

    private static readonly Dictionary<string, (RecordingOutputKind Kind, string File)> Kinds = new(StringComparer.Ordinal)
    {
        ["mp4"] = (RecordingOutputKind.Mp4, "recording.mp4"),
        ["webm"] = (RecordingOutputKind.WebM, "recording.webm"),
        ["audio"] = (RecordingOutputKind.Audio, "audio.ogg"),
        ["hls"] = (RecordingOutputKind.Hls, HlsFolder.PlaylistPath),   // one per capture (HlsSpecRules)
    };

    public IReadOnlySet<string> SupportedOutputs { get; } = Kinds.Keys.Append(Rtmp).ToHashSet(StringComparer.Ordinal);

    public IRecordingSink Create(string captureId, string directory, IReadOnlyList<IRtpCodec> tracks, IReadOnlyList<OutputSpec> outputs)
    {
        Directory.CreateDirectory(directory);
        var logger = loggers.CreateLogger("Gateway.Pipelines.Sinks.FfmpegSink");
        var files = new List<(int Index, RecordingOutput Output)>();
        var parts = new List<FanOutRecordingSink.Part>();
        for (int i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].Type == Rtmp) continue;
            var (kind, file) = Kinds[outputs[i].Type!];
            // A second output of the same type gets its own file name.
            var name = outputs.Take(i).Any(p => p.Type == outputs[i].Type) ? $"{Path.GetFileNameWithoutExtension(file)}-{i}{Path.GetExtension(file)}" : file;
            files.Add((i, new RecordingOutput(kind, Path.Combine(directory, name), outputs[i].AudioCodec == "opus" ? Mp4AudioCodec.Opus : Mp4AudioCodec.Aac)
            {
                Hls = kind == RecordingOutputKind.Hls ? HlsSpecRules.ToOptions(outputs[i], new HlsOutputOptions()) : null,
            }));
        }
        if (files.Count > 0)
        {
            var sink = FfmpegSink.Start(tracks, defaults with { Name = captureId, Outputs = files.Select(f => f.Output).ToList() }, logger, time);
            parts.Add(new FanOutRecordingSink.Part(sink, files.Select(f => f.Index).ToList()));
        }
        for (int i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].Type != Rtmp) continue;
            var options = defaults with
            {
                Name = $"{captureId}/output{i}",
                Outputs = [new RecordingOutput(RecordingOutputKind.Rtmp, outputs[i].Url!)],
                Restart = FfmpegRestartPolicy.Forever,
            };
            parts.Add(new FanOutRecordingSink.Part(FfmpegSink.Start(tracks, options, logger, time), [i]));
        }
        return new FanOutRecordingSink(parts, outputs);
    }
}
