using Gateway.Worker.Captures;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Webhooks;

internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 3601, Level = LogLevel.Debug, Message = "Webhook for capture {CaptureId} delivered to {Url} ({Status})")]
    public static partial void WebhookDelivered(this ILogger logger, string captureId, string url, int status);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Information, Message = "Webhook attempt {Attempt} failed ({Reason}); retrying in {Delay}")]
    public static partial void WebhookRetrying(this ILogger logger, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 3603, Level = LogLevel.Warning, Message = "Webhook for capture {CaptureId} to {Url} given up after at most {Attempts} attempts: {Reason}")]
    public static partial void WebhookFailed(this ILogger logger, string captureId, string url, int attempts, string reason);

    [LoggerMessage(EventId = 3604, Level = LogLevel.Warning, Message = "Webhook for capture {CaptureId} ({State}) dropped: {Capacity} deliveries already queued")]
    public static partial void WebhookDropped(this ILogger logger, string captureId, CaptureState state, int capacity);

    [LoggerMessage(EventId = 3605, Level = LogLevel.Warning, Message = "Shutdown budget spent: {Count} webhook deliveries not sent")]
    public static partial void WebhooksAbandoned(this ILogger logger, int count);
}
