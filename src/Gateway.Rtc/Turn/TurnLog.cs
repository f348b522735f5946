using System.Net;
using Microsoft.Extensions.Logging;

namespace Gateway.Rtc.Turn;

internal static partial class TurnLog
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "TURN allocation on {Server}: relayed address {Relayed}, lifetime {Lifetime}")]
    public static partial void TurnAllocated(this ILogger logger, IPEndPoint server, IPEndPoint relayed, TimeSpan lifetime);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "TURN refresh on {Server} failed: {Reason}")]
    public static partial void TurnRefreshFailed(this ILogger logger, IPEndPoint server, string reason);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Debug, Message = "TURN allocation on {Server} not released: {Reason}")]
    public static partial void TurnReleaseFailed(this ILogger logger, IPEndPoint server, string reason);
}
