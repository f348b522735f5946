using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Media;
using Gateway.Pipelines.Sinks;
using Gateway.Worker.Captures;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Recording;

/// <summary>Records captures with one ffmpeg process each (<see cref="FfmpegSink"/>), files in the capture's folder.</summary>
public sealed class FfmpegRecordingSinkFactory(FfmpegSinkOptions defaults, TimeProvider time, ILoggerFactory loggers) : IRecordingSinkFactory
{
    private static readonly Dictionary<string, (RecordingOutputKind Kind, string File)> Kinds = new(StringComparer.Ordinal)
    {
        ["mp4"] = (RecordingOutputKind.Mp4, "recording.mp4"),
        ["webm"] = (RecordingOutputKind.WebM, "recording.webm"),
        ["audio"] = (RecordingOutputKind.Audio, "audio.ogg"),
        ["hls"] = (RecordingOutputKind.Hls, HlsFolder.PlaylistPath),   // one per capture (HlsSpecRules)
    };

    public IReadOnlySet<string> SupportedOutputs { get; } = Kinds.Keys.ToHashSet(StringComparer.Ordinal);

    public IRecordingSink Create(string captureId, string directory, IReadOnlyList<IRtpCodec> tracks, IReadOnlyList<OutputSpec> outputs)
    {
        Directory.CreateDirectory(directory);
        var planned = outputs.Select((o, i) =>
        {
            var (kind, file) = Kinds[o.Type!];
            // A second output of the same type gets its own file name.
            var name = outputs.Take(i).Any(p => p.Type == o.Type) ? $"{Path.GetFileNameWithoutExtension(file)}-{i}{Path.GetExtension(file)}" : file;
            return new RecordingOutput(kind, Path.Combine(directory, name), o.AudioCodec == "opus" ? Mp4AudioCodec.Opus : Mp4AudioCodec.Aac)
            {
                Hls = kind == RecordingOutputKind.Hls ? HlsSpecRules.ToOptions(o, new HlsOutputOptions()) : null,
            };
        }).ToList();
        var sink = FfmpegSink.Start(tracks, defaults with { Name = captureId, Outputs = planned },
            loggers.CreateLogger("Gateway.Pipelines.Sinks.FfmpegSink"), time);
        return new Adapter(sink, outputs);
    }

    private sealed class Adapter(FfmpegSink sink, IReadOnlyList<OutputSpec> outputs) : IRecordingSink
    {
        public void Write(EncodedFrame frame) => sink.TryWrite(frame);

        public Task FinalizeAsync(CancellationToken cancellationToken) => sink.FinalizeAsync(cancellationToken);

        public IReadOnlyList<OutputStatus> SnapshotOutputs()
        {
            var status = sink.GetStatus();
            return status.Outputs.Select((o, i) => new OutputStatus
            {
                Type = outputs[i].Type!,
                State = o.State switch
                {
                    RecordingOutputState.Pending => "pending",
                    RecordingOutputState.Writing => "writing",
                    RecordingOutputState.Completed => "completed",
                    RecordingOutputState.Skipped => "skipped",
                    _ => "failed",
                },
                Location = new Uri(o.Path).AbsoluteUri,
                Bytes = o.Bytes,
                DurationSeconds = Math.Round(status.Duration.TotalSeconds, 3),
                Error = o.Reason,
            }).ToList();
        }

        public (long Written, long Dropped) TrackCounters(int trackIndex)
        {
            var written = sink.GetStatus().FramesWritten;
            return (trackIndex < written.Count ? written[trackIndex] : 0, 0);
        }

        public ValueTask DisposeAsync() => sink.DisposeAsync();
    }
}
