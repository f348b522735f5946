using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Sources.Whep;

internal static partial class WhepSourceLog
{
    [LoggerMessage(EventId = 3751, Level = LogLevel.Information, Message = "Capture {CaptureId}: WHEP session {Session} created at {Url} ({Tracks})")]
    public static partial void WhepAnswered(this ILogger logger, string captureId, string session, Uri url, string tracks);

    [LoggerMessage(EventId = 3752, Level = LogLevel.Information, Message = "Capture {CaptureId}: WHEP connection up in {Elapsed} ms")]
    public static partial void WhepConnected(this ILogger logger, string captureId, long elapsed);

    [LoggerMessage(EventId = 3753, Level = LogLevel.Warning, Message = "Capture {CaptureId}: WHEP source failed: {Reason}")]
    public static partial void WhepFailed(this ILogger logger, string captureId, string reason);

    [LoggerMessage(EventId = 3754, Level = LogLevel.Information, Message = "Capture {CaptureId}: WHEP connection ended ({Reason})")]
    public static partial void WhepEnded(this ILogger logger, string captureId, string reason);

    [LoggerMessage(EventId = 3755, Level = LogLevel.Information, Message = "Capture {CaptureId}: WHEP session {Session} deleted ({Status})")]
    public static partial void WhepDeleted(this ILogger logger, string captureId, Uri session, int status);

    [LoggerMessage(EventId = 3756, Level = LogLevel.Warning, Message = "Capture {CaptureId}: DELETE of WHEP session {Session} failed: {Reason}")]
    public static partial void WhepDeleteFailed(this ILogger logger, string captureId, Uri session, string reason);

    [LoggerMessage(EventId = 3757, Level = LogLevel.Information, Message = "Capture {CaptureId}: first packet of the WHEP {Kind} track ({Codec})")]
    public static partial void FirstWhepPacket(this ILogger logger, string captureId, string kind, string codec);
}
