namespace Gateway.Rtc.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1).</summary>
public enum RtcpPacketType : byte
{
    SenderReport = 200,
    ReceiverReport = 201,
    SourceDescription = 202,
    Goodbye = 203,
    ApplicationDefined = 204,
    /// <summary>Transport layer feedback (RTPFB, RFC 4585 §6.2): NACK (FMT 1), TWCC (FMT 15).</summary>
    TransportFeedback = 205,
    /// <summary>Payload-specific feedback (PSFB, RFC 4585 §6.3): PLI (FMT 1), FIR (FMT 4), REMB (FMT 15).</summary>
    PayloadFeedback = 206,
}
