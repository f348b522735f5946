namespace Gateway.Pipelines.Receiving;

/// <summary>What the receiving side needs from an RTCP sender report (RFC 3550 §6.4.1).</summary>
/// <param name="Ssrc">The sender.</param>
/// <param name="NtpTimestamp">64-bit NTP timestamp (seconds since 1900 in the high 32 bits, fraction in the low 32).</param>
/// <param name="RtpTimestamp">The same instant in the track's RTP clock.</param>
/// <param name="ReceivedAt">Arrival time in <see cref="TimeProvider.GetTimestamp"/> units.</param>
public readonly record struct SenderReportInfo(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, long ReceivedAt);
