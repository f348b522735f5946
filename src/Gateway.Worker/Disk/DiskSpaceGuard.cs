using Gateway.Worker.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Worker.Disk;

/// <summary>
/// Watches free space in the data directory: below Gateway:MinFreeDiskMegabytes new captures are refused; below
/// Gateway:StopFreeDiskMegabytes running ones are told to stop while their files can still be finalized (a full disk
/// would cut them mid-fragment). Checked every few seconds; the thresholds are absolute, since a recording grows by
/// megabytes per second whatever the disk's size.
/// </summary>
public sealed partial class DiskSpaceGuard(IFreeSpaceProbe probe, IOptions<GatewayOptions> options, TimeProvider time,
    ILogger<DiskSpaceGuard> logger) : BackgroundService
{
    private const long Megabyte = 1024 * 1024;
    private bool _low;

    /// <summary>How often free space is read.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Raised (on the guard's loop) when free space falls below the stop threshold; the argument says why.</summary>
    public event Action<string>? NearlyFull;

    /// <summary>Whether a new capture may start now; otherwise why not.</summary>
    public bool CanStartCapture(out string reason)
    {
        var settings = options.Value;
        var free = probe.AvailableBytes(settings.DataDirectory);
        if (free is { } bytes && bytes < settings.MinFreeDiskMegabytes * Megabyte)
        {
            reason = $"Only {bytes / Megabyte} MB are free in the data directory; new captures need {settings.MinFreeDiskMegabytes} MB (Gateway:MinFreeDiskMegabytes).";
            return false;
        }
        reason = "";
        return true;
    }

    /// <summary>One check: raises <see cref="NearlyFull"/> once per descent below the stop threshold.</summary>
    public void Check()
    {
        var settings = options.Value;
        var free = probe.AvailableBytes(settings.DataDirectory);
        var low = free is { } bytes && bytes < settings.StopFreeDiskMegabytes * Megabyte;
        if (low && !_low)
        {
            var reason = $"The data directory's disk is nearly full ({free!.Value / Megabyte} MB free, below Gateway:StopFreeDiskMegabytes = {settings.StopFreeDiskMegabytes}); the recording was stopped to keep what was written playable.";
            LogNearlyFull(logger, free.Value / Megabyte, settings.StopFreeDiskMegabytes);
            NearlyFull?.Invoke(reason);
        }
        else if (!low && _low) LogSpaceBack(logger, (free ?? 0) / Megabyte);
        _low = low;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do Check();
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 3501, Level = LogLevel.Error, Message = "Data directory nearly full: {FreeMegabytes} MB free (stop threshold {Threshold} MB); stopping running captures")]
    private static partial void LogNearlyFull(ILogger logger, long freeMegabytes, int threshold);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "Data directory has space again: {FreeMegabytes} MB free")]
    private static partial void LogSpaceBack(ILogger logger, long freeMegabytes);
}
