namespace Gateway.Pipelines.Sync;

/// <summary>One RTP timestamp of a track, converted by its <see cref="SenderReportClock"/>.</summary>
/// <param name="Wall">Wall-clock time (since the NTP epoch, 1900-01-01) on the clock named by <paramref name="Source"/>.</param>
/// <param name="LocalWall">The same instant on the receiver's clock (arrival mapping), always continuous per track.</param>
/// <param name="Source">Which clock <paramref name="Wall"/> is on.</param>
/// <param name="Epoch">Changes when <paramref name="Wall"/> had to jump (a re-anchored or snapped mapping).</param>
/// <param name="RtpTimestamp">The RTP timestamp unwrapped to 64 bits (track clock).</param>
public readonly record struct SyncedTime(TimeSpan Wall, TimeSpan LocalWall, ClockSource Source, int Epoch, long RtpTimestamp);
