namespace Gateway.Pipelines.Receiving;

/// <summary>
/// The fields of one RTCP reception report block (RFC 3550 §6.4.1), produced per track by
/// <see cref="RtpReceiver.TryCreateReceptionReport"/>. The RTCP writer turns it into wire format.
/// </summary>
/// <param name="Ssrc">The source this block reports on.</param>
/// <param name="FractionLost">Lost since the previous report, in 1/256 (§A.3).</param>
/// <param name="CumulativeLost">Total lost, clamped to the 24-bit signed field.</param>
/// <param name="ExtendedHighestSequenceNumber">Cycles in the high 16 bits, highest sequence number in the low 16.</param>
/// <param name="Jitter">Interarrival jitter in timestamp units (§A.8).</param>
/// <param name="LastSenderReport">Middle 32 bits of the NTP timestamp of the last SR received; 0 if none.</param>
/// <param name="DelaySinceLastSenderReport">Delay since that SR arrived, in 1/65536 s; 0 if none.</param>
public readonly record struct ReceptionReportData(
    uint Ssrc, byte FractionLost, int CumulativeLost, uint ExtendedHighestSequenceNumber, uint Jitter,
    uint LastSenderReport, uint DelaySinceLastSenderReport);
