using Microsoft.Extensions.Logging;

namespace Gateway.Pipelines.Sinks;

internal static partial class SinkLog
{
    [LoggerMessage(EventId = 2500, Level = LogLevel.Information, Message = "Sink {Name}: starting ffmpeg {Arguments}")]
    public static partial void FfmpegStarting(this ILogger logger, string name, string arguments);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Warning, Message = "Sink {Name}: ffmpeg: {Line}")]
    public static partial void FfmpegStandardError(this ILogger logger, string name, string line);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Warning, Message = "Sink {Name}: queue full, {Dropped} frames dropped so far")]
    public static partial void FramesDropped(this ILogger logger, string name, long dropped);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Information, Message = "Sink {Name}: ffmpeg exited with {ExitCode}")]
    public static partial void FfmpegExited(this ILogger logger, string name, int exitCode);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Error, Message = "Sink {Name}: ffmpeg failed with exit code {ExitCode}, partial files kept; stderr: {StandardErrorTail}")]
    public static partial void FfmpegFailed(this ILogger logger, string name, int exitCode, string standardErrorTail);

    [LoggerMessage(EventId = 2505, Level = LogLevel.Warning, Message = "Sink {Name}: finalize budget spent, killing ffmpeg")]
    public static partial void FinalizeTimedOut(this ILogger logger, string name);

    [LoggerMessage(EventId = 2506, Level = LogLevel.Information, Message = "Sink {Name}: file starts with {Started} of {Total} tracks")]
    public static partial void TracksStarted(this ILogger logger, string name, int started, int total);

    [LoggerMessage(EventId = 2507, Level = LogLevel.Information, Message = "Sink {Name}: output {Kind} skipped: {Reason}")]
    public static partial void OutputSkipped(this ILogger logger, string name, RecordingOutputKind kind, string reason);

    [LoggerMessage(EventId = 2508, Level = LogLevel.Error, Message = "Sink {Name}: recording failed")]
    public static partial void RecordingFailed(this ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 2509, Level = LogLevel.Warning, Message = "Sink {Name}: no frames arrived before finalize; nothing recorded")]
    public static partial void NoMedia(this ILogger logger, string name);

    [LoggerMessage(EventId = 2510, Level = LogLevel.Debug, Message = "Sink {Name}: ffmpeg stopped reading the pipe")]
    public static partial void PipeClosed(this ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 2511, Level = LogLevel.Warning, Message = "Sink {Name}: ffmpeg died mid-capture (exit {ExitCode}); starting it again in {BackoffMs} ms (files: new part files; rtmp: a new connection), {Failures} failures in the window")]
    public static partial void FfmpegRestarting(this ILogger logger, string name, int exitCode, double backoffMs, int failures);

    [LoggerMessage(EventId = 2512, Level = LogLevel.Information, Message = "Sink {Name}: {Path} was cut short and keeps {KeptSeconds:0.000} s of the {HandedSeconds:0.000} s handed to that ffmpeg")]
    public static partial void SegmentCutShort(this ILogger logger, string name, string path, double keptSeconds, double handedSeconds);

    [LoggerMessage(EventId = 2513, Level = LogLevel.Information, Message = "Sink {Name}: writing {Path} in-process ({Tracks} tracks, passthrough: no ffmpeg needed)")]
    public static partial void NativeMp4Starting(this ILogger logger, string name, string path, int tracks);

    [LoggerMessage(EventId = 2514, Level = LogLevel.Information, Message = "Sink {Name}: {Path} finished, {Fragments} fragments")]
    public static partial void NativeMp4Finished(this ILogger logger, string name, string path, uint fragments);

    [LoggerMessage(EventId = 2515, Level = LogLevel.Error, Message = "Sink {Name}: writing {Path} failed; complete fragments kept")]
    public static partial void NativeMp4Failed(this ILogger logger, Exception exception, string name, string path);
}
