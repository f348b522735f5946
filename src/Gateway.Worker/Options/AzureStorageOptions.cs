namespace Gateway.Worker.Options;

/// <summary>Bound from <c>Gateway:Storage:Azure</c>.</summary>
public sealed class AzureStorageOptions
{
    /// <summary>Azure Storage connection string. Empty: captures asking for Azure storage are rejected. A secret:
    /// never logged, never shown in a capture.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>True when a connection string is set.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>A block is staged as soon as this many new bytes are written (Put Block allows up to 4000 MiB).</summary>
    [SettingRange(64 * 1024, 256 * 1024 * 1024, "Gateway:Storage:Azure:BlockSizeBytes")]
    public int BlockSizeBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Bytes written this long ago are staged even as a short block, so little is only local at any time.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan StageInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a recording's files are checked for new bytes.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After an upload attempt failed (its quick retries included), the next one waits this long, doubling per
    /// failure up to <see cref="MaxRetryDelay"/>. 30 s: an outage of a minute costs a few cheap attempts.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts; uploads are retried for as long as the local copy exists.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);
}
