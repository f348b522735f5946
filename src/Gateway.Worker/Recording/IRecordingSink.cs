using Gateway.Pipelines.Codecs;
using Gateway.Worker.Captures;
using Gateway.Worker.Sources;

namespace Gateway.Worker.Recording;

/// <summary>Writes a capture's frames to its outputs (files, restreams). Finalizing is not disposing: see STYLE §4.</summary>
public interface IRecordingSink : IFrameTarget, IAsyncDisposable
{
    /// <summary>Closes the inputs and waits for every output's trailer; kills what is left when the token fires.</summary>
    Task FinalizeAsync(CancellationToken cancellationToken);

    /// <summary>Per-output state, location, bytes and duration for the capture resource.</summary>
    IReadOnlyList<OutputStatus> SnapshotOutputs();

    /// <summary>Frames written and dropped per track index.</summary>
    (long Written, long Dropped) TrackCounters(int trackIndex);

    /// <summary>
    /// <paramref name="callback"/> runs when a restarted ffmpeg waits for a video key frame (the source may send a
    /// PLI). Decorators pass it on; sinks that never restart ignore it.
    /// </summary>
    void SubscribeKeyFrameWanted(Action callback)
    {
    }
}

public interface IRecordingSinkFactory
{
    /// <summary>The output types (API.md outputs[].type) this factory can write.</summary>
    IReadOnlySet<string> SupportedOutputs { get; }

    IRecordingSink Create(string captureId, string directory, IReadOnlyList<IRtpCodec> tracks, IReadOnlyList<OutputSpec> outputs);
}
