using Gateway.Pipelines.Media;
using Gateway.Pipelines.Sinks;
using Gateway.Worker.Captures;

namespace Gateway.Worker.Recording;

/// <summary>
/// One capture's sinks side by side: the file outputs share one ffmpeg, each restream has its own, so an RTMP
/// server going away (its ffmpeg dying and reconnecting) never touches the recording. Every sink gets every frame;
/// frames are pooled and owned by one holder, so all but the last sink get a copy. Sinks never wait (each has its
/// own bounded queue), so a stalled restream drops its own frames only.
/// </summary>
internal sealed class FanOutRecordingSink(IReadOnlyList<FanOutRecordingSink.Part> parts, IReadOnlyList<OutputSpec> outputs) : IRecordingSink
{
    /// <param name="Outputs">For each of the sink's outputs, its index in the capture's outputs.</param>
    internal sealed record Part(FfmpegSink Sink, IReadOnlyList<int> Outputs);

    /// <summary>Any sink's restarted ffmpeg waiting for a video key frame (see <see cref="FfmpegSink.KeyFrameWanted"/>).</summary>
    public void SubscribeKeyFrameWanted(Action callback)
    {
        foreach (var part in parts) part.Sink.KeyFrameWanted += callback;
    }

    public void Write(EncodedFrame frame)
    {
        for (int i = 1; i < parts.Count; i++) parts[i].Sink.TryWrite(Copy(frame));
        parts[0].Sink.TryWrite(frame);
    }

    public Task FinalizeAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(parts.Select(p => p.Sink.FinalizeAsync(cancellationToken)));

    public IReadOnlyList<OutputStatus> SnapshotOutputs()
    {
        var result = new OutputStatus[outputs.Count];
        foreach (var part in parts)
        {
            var status = part.Sink.GetStatus();
            for (int i = 0; i < part.Outputs.Count; i++)
                result[part.Outputs[i]] = OutputStatuses.Of(outputs[part.Outputs[i]].Type!, status.Outputs[i], status.Duration);
        }
        return result;
    }

    /// <summary>From the first sink: the recording when there is one (restreams see the same frames).</summary>
    public (long Written, long Dropped) TrackCounters(int trackIndex)
    {
        var written = parts[0].Sink.GetStatus().FramesWritten;
        return (trackIndex < written.Count ? written[trackIndex] : 0, 0);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var part in parts) await part.Sink.DisposeAsync().ConfigureAwait(false);
    }

    private static EncodedFrame Copy(in EncodedFrame frame)
    {
        return frame with { Buffer = FramePool.Copy(frame.Span) };
    }
}
