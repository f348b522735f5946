using System.Threading.Channels;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Media;
using Gateway.Worker.Captures;
using Gateway.Worker.Recording;
using Gateway.Worker.Sources;

namespace Gateway.Worker.Tests.Captures;

/// <summary>A source driven by the test: frames are pushed through <see cref="Send"/>, <see cref="End"/> ends it.</summary>
internal sealed class ScriptedSource : ICaptureSource
{
    private readonly Channel<EncodedFrame?> _script = Channel.CreateUnbounded<EncodedFrame?>();

    public bool Disposed { get; private set; }

    public SourceStatus Status { get; } = new() { Type = "test", AnswerSdp = "v=0" };

    public IReadOnlyList<IRtpCodec> Tracks { get; } = [];

    public void Send(int bytes = 100)
    {
        var buffer = FramePool.Shared.Rent(bytes);
        _script.Writer.TryWrite(new EncodedFrame(buffer, bytes, 0, 0, TimeSpan.Zero, true));
    }

    public void End() => _script.Writer.TryWrite(null);

    public async Task<EndReason> RunAsync(IFrameTarget frames, CancellationToken cancellationToken)
    {
        await foreach (var frame in _script.Reader.ReadAllAsync(cancellationToken))
        {
            if (frame is null) return EndReason.SourceEnded;
            frames.Write(frame.Value);
        }
        return EndReason.SourceEnded;
    }

    public IReadOnlyList<TrackStatus> SnapshotTracks() => [];

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}

internal sealed class ScriptedSourceFactory : ICaptureSourceFactory
{
    public Queue<ScriptedSource> Opened { get; } = new();

    public List<ScriptedSource> All { get; } = [];

    public string Type => "rtp";

    public Task<ICaptureSource> OpenAsync(string captureId, SourceSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Sdp == "reject") throw new SourceRejectedException("source.sdp", "no supported codec");
        var source = new ScriptedSource();
        Opened.Enqueue(source);
        All.Add(source);
        return Task.FromResult<ICaptureSource>(source);
    }
}

/// <summary>Counts frames, records finalize/dispose; can be told to fail finalizing.</summary>
internal sealed class CountingSink(bool failFinalize) : IRecordingSink
{
    public long Frames;

    public bool Finalized { get; private set; }

    public bool Disposed { get; private set; }

    public void Write(EncodedFrame frame)
    {
        Interlocked.Increment(ref Frames);
        frame.Dispose();
    }

    public Task FinalizeAsync(CancellationToken cancellationToken)
    {
        Finalized = true;
        return failFinalize ? Task.FromException(new IOException("ffmpeg exited with 1")) : Task.CompletedTask;
    }

    public IReadOnlyList<OutputStatus> SnapshotOutputs() =>
        [new OutputStatus { Type = "mp4", State = failFinalize && Finalized ? "failed" : Finalized ? "completed" : "writing", Bytes = Frames * 100 }];

    public (long Written, long Dropped) TrackCounters(int trackIndex) => (Interlocked.Read(ref Frames), 0);

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}

internal sealed class CountingSinkFactory(bool failFinalize = false) : IRecordingSinkFactory
{
    public List<CountingSink> Created { get; } = [];

    public IReadOnlySet<string> SupportedOutputs { get; } = new HashSet<string> { "mp4" };

    public IRecordingSink Create(string captureId, string directory, IReadOnlyList<IRtpCodec> tracks, IReadOnlyList<OutputSpec> outputs)
    {
        var sink = new CountingSink(failFinalize);
        Created.Add(sink);
        return sink;
    }
}
