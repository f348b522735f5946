namespace Gateway.Pipelines.Sinks;

/// <summary>A snapshot for the capture resource.</summary>
/// <param name="FramesWritten">Per track index (as in the codec list given to the sink).</param>
/// <param name="FramesDropped">Queue full (frames or bytes), waiting for a key frame after a drop, or after finalize.</param>
/// <param name="Duration">Last PTS minus first PTS of the frames muxed so far.</param>
/// <param name="ExitCode">ffmpeg's exit code once it has exited.</param>
/// <param name="StandardErrorTail">The last lines ffmpeg wrote to stderr.</param>
public sealed record FfmpegSinkStatus(
    IReadOnlyList<RecordingOutputStatus> Outputs,
    IReadOnlyList<long> FramesWritten,
    long FramesDropped,
    TimeSpan Duration,
    int? ExitCode,
    IReadOnlyList<string> StandardErrorTail);
