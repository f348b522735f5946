using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Recording.Layouts;

internal static partial class LayoutLog
{
    [LoggerMessage(EventId = 3811, Level = LogLevel.Warning, Message = "Capture {CaptureId}: the composite was not rendered: {Reason}")]
    public static partial void CompositeFailed(this ILogger logger, string captureId, string reason);
}
