namespace Gateway.Rtc.Rtcp;

/// <summary>The sender information of an SR (RFC 3550 §6.4.1): which RTP time corresponds to which NTP time.</summary>
public readonly record struct SenderInfo(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount);
