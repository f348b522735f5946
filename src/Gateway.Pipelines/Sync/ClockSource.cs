namespace Gateway.Pipelines.Sync;

/// <summary>Which clock a <see cref="SyncedTime.Wall"/> is on.</summary>
public enum ClockSource
{
    /// <summary>No sender report yet: the receiver's wall clock at the first packet's arrival, advanced by RTP time.</summary>
    Arrival,
    /// <summary>The sender's NTP clock, mapped through its RTCP sender reports (RFC 3550 §6.4.1).</summary>
    SenderReport,
}
