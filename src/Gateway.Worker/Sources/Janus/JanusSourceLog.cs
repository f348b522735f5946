using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Sources.Janus;

internal static partial class JanusSourceLog
{
    [LoggerMessage(EventId = 3801, Level = LogLevel.Information, Message = "Capture {CaptureId}: joined Janus room {Room} as participant {Id} ({Publishers} publishers present)")]
    public static partial void JoinedRoom(this ILogger logger, string captureId, long room, long id, int publishers);

    [LoggerMessage(EventId = 3802, Level = LogLevel.Information, Message = "Capture {CaptureId}: subscribed to {Display} (feed {Feed}): {Tracks}")]
    public static partial void Subscribed(this ILogger logger, string captureId, string display, long feed, string tracks);

    [LoggerMessage(EventId = 3803, Level = LogLevel.Warning, Message = "Capture {CaptureId}: could not subscribe to {Display} (feed {Feed}): {Reason}")]
    public static partial void SubscriptionFailed(this ILogger logger, string captureId, string display, long feed, string reason);

    [LoggerMessage(EventId = 3804, Level = LogLevel.Information, Message = "Capture {CaptureId}: {Display} (feed {Feed}) left: {Why}")]
    public static partial void ParticipantLeft(this ILogger logger, string captureId, string display, long feed, string why);

    [LoggerMessage(EventId = 3805, Level = LogLevel.Information, Message = "Capture {CaptureId}: left Janus room {Room}")]
    public static partial void LeftRoom(this ILogger logger, string captureId, long room);

    [LoggerMessage(EventId = 3806, Level = LogLevel.Debug, Message = "Capture {CaptureId}: leaving Janus cleanly failed: {Reason}")]
    public static partial void LeaveFailed(this ILogger logger, string captureId, string reason);

    [LoggerMessage(EventId = 3807, Level = LogLevel.Information, Message = "Capture {CaptureId}: Janus room {Room} was destroyed; ending")]
    public static partial void RoomDestroyed(this ILogger logger, string captureId, long room);
}
