using System.Net;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.WebRtc;

internal static partial class WebRtcLog
{
    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "WebRTC: shared UDP port {EndPoint}; host candidates {Addresses}")]
    public static partial void WebRtcListening(this ILogger logger, IPEndPoint endPoint, string addresses);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "WebRTC: no host candidate address found; set Gateway:WebRtc:Addresses or publishers cannot connect")]
    public static partial void NoHostCandidates(this ILogger logger);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "WebRTC: the shared UDP port got a {Granted}-byte receive buffer of the {Requested} asked for (net.core.rmem_max); under load its publishers' packets may be dropped by the kernel")]
    public static partial void SmallReceiveBuffer(this ILogger logger, int granted, int requested);
}
