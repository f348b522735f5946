using Microsoft.Extensions.Logging;

namespace Gateway.Rtc.Dtls;

internal static partial class DtlsLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug,
        Message = "DTLS {Role} handshake completed in {ElapsedMs} ms: {Profile}, cipher suite 0x{CipherSuite:X4}")]
    public static partial void HandshakeCompleted(this ILogger logger, string role, double elapsedMs, SrtpProtectionProfile profile, int cipherSuite);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning,
        Message = "DTLS {Role} handshake failed after {ElapsedMs} ms: {Reason}: {Detail}")]
    public static partial void HandshakeFailed(this ILogger logger, string role, double elapsedMs, DtlsFailureReason reason, string detail);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Debug, Message = "DTLS {Role} session ended: {Reason}")]
    public static partial void SessionEnded(this ILogger logger, string role, DtlsSessionEndReason reason);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Debug, Message = "DTLS {Role} session failed while open")]
    public static partial void SessionFailed(this ILogger logger, Exception exception, string role);
}
