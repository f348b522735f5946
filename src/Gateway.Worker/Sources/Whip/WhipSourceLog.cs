using Gateway.Rtc.Dtls;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Sources.Whip;

internal static partial class WhipSourceLog
{
    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Capture {CaptureId}: WHIP session {SessionId} answered ({Tracks})")]
    public static partial void PublisherAnswered(this ILogger logger, string captureId, string sessionId, string tracks);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "Capture {CaptureId}: WHIP session {SessionId} dropped, DTLS handshake failed ({Reason}); waiting for another publisher")]
    public static partial void HandshakeFailed(this ILogger logger, string captureId, string sessionId, string reason);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Information, Message = "Capture {CaptureId}: first packet of the publisher's {Kind} track ({Codec})")]
    public static partial void FirstPublisherPacket(this ILogger logger, string captureId, string kind, string codec);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Information, Message = "Capture {CaptureId}: WHIP session {SessionId} deleted by the publisher; ending")]
    public static partial void PublisherDeleted(this ILogger logger, string captureId, string sessionId);

    [LoggerMessage(EventId = 3405, Level = LogLevel.Information, Message = "Capture {CaptureId}: WHIP session {SessionId} closed its DTLS session ({Reason}); ending")]
    public static partial void PublisherClosed(this ILogger logger, string captureId, string sessionId, DtlsSessionEndReason reason);

    [LoggerMessage(EventId = 3406, Level = LogLevel.Information, Message = "Capture {CaptureId}: WHIP session {SessionId} lost consent (no ICE check for {Timeout}); ending")]
    public static partial void ConsentExpired(this ILogger logger, string captureId, string sessionId, TimeSpan timeout);
}
