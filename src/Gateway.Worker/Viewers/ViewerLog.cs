using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Viewers;

internal static partial class ViewerLog
{
    [LoggerMessage(EventId = 3701, Level = LogLevel.Information, Message = "Capture {CaptureId}: WHEP viewer {SessionId} answered ({Tracks})")]
    public static partial void ViewerAnswered(this ILogger logger, string captureId, string sessionId, string tracks);

    [LoggerMessage(EventId = 3702, Level = LogLevel.Information, Message = "Capture {CaptureId}: WHEP viewer {SessionId} connected")]
    public static partial void ViewerConnected(this ILogger logger, string captureId, string sessionId);

    [LoggerMessage(EventId = 3703, Level = LogLevel.Warning, Message = "Capture {CaptureId}: WHEP viewer {SessionId} dropped, DTLS handshake failed ({Reason})")]
    public static partial void ViewerHandshakeFailed(this ILogger logger, string captureId, string sessionId, string reason);

    [LoggerMessage(EventId = 3704, Level = LogLevel.Information, Message = "Capture {CaptureId}: WHEP viewer {SessionId} left ({Reason})")]
    public static partial void ViewerLeft(this ILogger logger, string captureId, string sessionId, string reason);
}
