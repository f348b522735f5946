namespace Gateway.Api.Logging;

/// <summary>Every log line of the Api layer (event ids 4xxx).</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    public static partial void RequestCompleted(this ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds);

    // Probes and scrapes arrive every few seconds; at Information they would drown everything else.
    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug,
        Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    public static partial void ProbeCompleted(this ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "No Gateway:ApiKeys are configured: /v1 and /hangfire serve loopback clients only. Set an API key before exposing the gateway, also behind a reverse proxy on this host.")]
    public static partial void NoApiKeysConfigured(this ILogger logger);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information,
        Message = "{KeyCount} API key(s) configured: /v1 and /hangfire require a bearer key")]
    public static partial void ApiKeysConfigured(this ILogger logger, int keyCount);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "Rejected {Method} {Path}: {Reason}")]
    public static partial void RequestRejected(this ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Readiness: FFmpeg at '{FFmpegPath}' is not usable: {Reason}")]
    public static partial void FfmpegNotUsable(this ILogger logger, string fFmpegPath, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Readiness: data directory '{DataDirectory}' is not writable")]
    public static partial void DataDirectoryNotWritable(this ILogger logger, Exception exception, string dataDirectory);
}
