using Gateway.Pipelines.Storage;

namespace Gateway.Worker.Storage;

/// <summary>The upload settings of <c>Gateway:Storage</c> in the shape the upload classes use.</summary>
public sealed record UploadSettings
{
    public BlockStagingOptions Staging { get; init; } = new();

    public bool KeepLocalCopy { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first of the quick retries around each storage call (then doubling, three retries).</summary>
    public TimeSpan QuickRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan BackoffAfter(int failedAttempts) => UploadRetry.BackoffAfter(failedAttempts, RetryDelay, MaxRetryDelay);
}
