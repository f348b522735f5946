using Microsoft.Extensions.Logging;

namespace Gateway.Rtc.Ice;

internal static partial class IceLog
{
    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "ICE gathered {Count} candidates: {Candidates}")]
    public static partial void IceGathered(this ILogger logger, int count, string candidates);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "ICE server {Server} gave no candidate: {Reason}")]
    public static partial void IceServerFailed(this ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "ICE selected pair {Pair} as {Role}")]
    public static partial void IceSelected(this ILogger logger, string pair, IceRole role);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Warning, Message = "ICE failed ({Reason}): {Detail}")]
    public static partial void IceFailed(this ILogger logger, IceFailureReason reason, string detail);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Information, Message = "ICE role conflict: switching to {Role}")]
    public static partial void IceRoleSwitched(this ILogger logger, IceRole role);

    [LoggerMessage(EventId = 1606, Level = LogLevel.Warning, Message = "ICE consent lost on {Pair}: no answer for {Timeout}")]
    public static partial void IceConsentLost(this ILogger logger, string pair, TimeSpan timeout);

    [LoggerMessage(EventId = 1607, Level = LogLevel.Debug, Message = "TURN permission or channel for {Peer} failed: {Reason}")]
    public static partial void IceTurnPermissionFailed(this ILogger logger, string peer, string reason);
}
