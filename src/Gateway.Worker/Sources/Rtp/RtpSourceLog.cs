using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Sources.Rtp;

internal static partial class RtpSourceLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Capture {CaptureId}: first RTP packet on track {Track} ({Codec})")]
    public static partial void FirstPacket(this ILogger logger, string captureId, int track, string codec);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Capture {CaptureId}: source silent for {Silence}; ending")]
    public static partial void SourceSilent(this ILogger logger, string captureId, TimeSpan silence);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Capture {CaptureId}: every source said BYE; ending")]
    public static partial void SourcesSaidBye(this ILogger logger, string captureId);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Debug, Message = "Capture {CaptureId}: sending a receiver report failed: {Error}")]
    public static partial void ReportSendFailed(this ILogger logger, string captureId, System.Net.Sockets.SocketError error);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "Capture {CaptureId}: {Count} datagrams dropped so far (processing queue full)")]
    public static partial void QueueOverflow(this ILogger logger, string captureId, long count);
}
