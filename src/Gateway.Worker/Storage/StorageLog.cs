using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Capture {CaptureId}: uploading outputs to container {Container}")]
    public static partial void UploadStarted(this ILogger logger, string captureId, string container);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "Capture {CaptureId}: staging blocks of {BlobName} failed, the recording goes on locally: {Reason}")]
    public static partial void StagingFailed(this ILogger logger, Exception exception, string captureId, string blobName, string reason);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Information, Message = "Capture {CaptureId}: {BlobName} uploaded and verified ({Bytes} bytes, {Restaged} blocks staged again)")]
    public static partial void Uploaded(this ILogger logger, string captureId, string blobName, long bytes, int restaged);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Warning, Message = "Capture {CaptureId}: uploading {BlobName} failed (attempt {Attempt}), next attempt in {Delay}; the local copy is kept: {Reason}")]
    public static partial void UploadFailed(this ILogger logger, Exception exception, string captureId, string blobName, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 3405, Level = LogLevel.Error, Message = "Capture {CaptureId}: {Path} is gone before it was uploaded")]
    public static partial void LocalFileMissing(this ILogger logger, string captureId, string path);

    [LoggerMessage(EventId = 3406, Level = LogLevel.Information, Message = "Capture {CaptureId}: local copy {Path} deleted after its upload was verified")]
    public static partial void LocalCopyDeleted(this ILogger logger, string captureId, string path);

    [LoggerMessage(EventId = 3407, Level = LogLevel.Information, Message = "{Count} unfinished upload(s) found at start; they resume in the background")]
    public static partial void UploadsResuming(this ILogger logger, int count);

    [LoggerMessage(EventId = 3408, Level = LogLevel.Error, Message = "Capture {CaptureId}: the upload loop failed; it retries later")]
    public static partial void ResumeCrashed(this ILogger logger, Exception exception, string captureId);
}
