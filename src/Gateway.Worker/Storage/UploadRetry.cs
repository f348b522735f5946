using System.Net.Http;
using Azure;
using Gateway.Pipelines.Storage;
using Polly;
using Polly.Retry;

namespace Gateway.Worker.Storage;

/// <summary>
/// Quick retries around each storage call (a dropped connection, a 503): three more tries, QuickRetryDelay (0.5 s) doubling with
/// jitter. Longer outages are the background loop's business (<see cref="UploadRetryService"/>), which waits
/// <c>RetryDelay</c> doubling up to <c>MaxRetryDelay</c>. Also turns failures into messages without secrets.
/// </summary>
public static class UploadRetry
{
    public static ResiliencePipeline CreatePipeline(TimeProvider time, TimeSpan firstDelay) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                Delay = firstDelay,
                MaxDelay = TimeSpan.FromSeconds(5),
                UseJitter = true,
            })
            .Build();

    /// <summary>Worth trying again soon: the network, the service being busy, a blob that did not verify.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or TimeoutException or UploadVerificationException => true,
        _ => false,
    };

    /// <summary>The backoff before attempt <paramref name="failedAttempts"/> + 1 of the background loop.</summary>
    public static TimeSpan BackoffAfter(int failedAttempts, TimeSpan first, TimeSpan max)
    {
        double factor = Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, max.Ticks));
    }

    /// <summary>
    /// A short description for the capture resource. Built from status codes and our own messages only: SDK messages
    /// can carry response headers, and nothing here may ever show the connection string or a SAS.
    /// </summary>
    public static string Describe(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 } failed => "Blob storage is unreachable" + Cause(failed.InnerException),
        RequestFailedException failed => $"Blob storage answered {failed.Status} {failed.ErrorCode}".TrimEnd(),
        HttpRequestException http => "Blob storage is unreachable" + Cause(http),
        TimeoutException or TaskCanceledException => "Blob storage did not answer in time",
        UploadVerificationException verification => "The uploaded blob did not verify: " + verification.Message,
        FileNotFoundException or DirectoryNotFoundException => "The local file is missing",
        IOException io => "Reading the local file failed: " + io.Message,
        _ => $"Upload failed ({exception.GetType().Name})",
    };

    private static string Cause(Exception? inner) => inner switch
    {
        HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http => $" ({http.HttpRequestError})",
        System.Net.Sockets.SocketException socket => $" ({socket.SocketErrorCode})",
        _ => "",
    };
}
