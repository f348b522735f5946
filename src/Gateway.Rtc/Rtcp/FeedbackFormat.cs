namespace Gateway.Rtc.Rtcp;

/// <summary>FMT values of the feedback packets this code understands.</summary>
public static class FeedbackFormat
{
    /// <summary>RTPFB generic NACK (RFC 4585 §6.2.1).</summary>
    public const int GenericNack = 1;

    /// <summary>RTPFB transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).</summary>
    public const int TransportWideCc = 15;

    /// <summary>PSFB picture loss indication (RFC 4585 §6.3.1).</summary>
    public const int PictureLossIndication = 1;

    /// <summary>PSFB full intra request (RFC 5104 §4.3.1).</summary>
    public const int FullIntraRequest = 4;

    /// <summary>PSFB application layer feedback (RFC 4585 §6.4), used by REMB.</summary>
    public const int ApplicationLayer = 15;
}
