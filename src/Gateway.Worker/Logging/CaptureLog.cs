using Gateway.Worker.Captures;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Logging;

internal static partial class CaptureLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Capture {CaptureId}: {From} -> {To}")]
    public static partial void StateChanged(this ILogger logger, string captureId, CaptureState from, CaptureState to);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Capture {CaptureId} failed while {State}")]
    public static partial void CaptureFailed(this ILogger logger, Exception exception, string captureId, CaptureState state);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Capture {CaptureId} ended: {EndReason}")]
    public static partial void CaptureEnded(this ILogger logger, string captureId, EndReason endReason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Capture {CaptureId} was running when the gateway stopped; marked interrupted")]
    public static partial void CaptureInterrupted(this ILogger logger, string captureId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Capture {CaptureId}: saving its record failed")]
    public static partial void SaveFailed(this ILogger logger, Exception exception, string captureId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Error, Message = "Capture {CaptureId}: finalizing outputs failed; partial files are in {Directory}")]
    public static partial void FinalizeFailed(this ILogger logger, Exception exception, string captureId, string directory);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Capture {CaptureId}: cut the torn last fragment off {Path} ({Bytes} bytes); the rest plays")]
    public static partial void TornFragmentTrimmed(this ILogger logger, string captureId, string path, long bytes);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error, Message = "Capture {CaptureId}: could not check {Path} for a torn fragment")]
    public static partial void TrimFailed(this ILogger logger, Exception exception, string captureId, string path);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Capture {CaptureId} was running when the gateway stopped; resumed into part {Part} after a gap of about {GapSeconds:F1} s")]
    public static partial void CaptureResumed(this ILogger logger, string captureId, int part, double gapSeconds);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Capture {CaptureId} could not be resumed ({Reason}); marked interrupted")]
    public static partial void ResumeFailed(this ILogger logger, string captureId, string reason);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Capture {CaptureId}: rewrote the unfinished {Path} with its duration and cues")]
    public static partial void Remuxed(this ILogger logger, string captureId, string path);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Capture {CaptureId}: could not rewrite the unfinished {Path} ({Reason}); it plays but may not seek")]
    public static partial void RemuxFailed(this ILogger logger, string captureId, string path, string reason);
}
