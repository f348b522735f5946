namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>Attribute names as written in SDP.</summary>
public static class SdpAttributeNames
{
    public const string RtpMap = "rtpmap";                 // RFC 8866 §6.6
    public const string Fmtp = "fmtp";                     // RFC 8866 §6.15
    public const string RtcpFeedback = "rtcp-fb";          // RFC 4585 §4.2
    public const string ExtMap = "extmap";                 // RFC 8285 §8
    public const string Ssrc = "ssrc";                     // RFC 5576 §4.1
    public const string SsrcGroup = "ssrc-group";          // RFC 5576 §4.2
    public const string Mid = "mid";                       // RFC 5888 §4
    public const string Msid = "msid";                     // RFC 8830 §2
    public const string Group = "group";                   // RFC 5888 §5
    public const string Rtcp = "rtcp";                     // RFC 3605
    public const string RtcpMux = "rtcp-mux";              // RFC 5761 §5.1.1
    public const string RtcpRsize = "rtcp-rsize";          // RFC 5506
    public const string IceUfrag = "ice-ufrag";            // RFC 8839 §5.4
    public const string IcePwd = "ice-pwd";                // RFC 8839 §5.4
    public const string IceLite = "ice-lite";              // RFC 8839 §5.3
    public const string IceOptions = "ice-options";        // RFC 8839 §5.6
    public const string Candidate = "candidate";           // RFC 8839 §5.1
    public const string EndOfCandidates = "end-of-candidates"; // RFC 8840 §8.2
    public const string Fingerprint = "fingerprint";       // RFC 8122 §5
    public const string Setup = "setup";                   // RFC 4145 §4
    public const string SctpPort = "sctp-port";            // RFC 8841 §5
    public const string MaxMessageSize = "max-message-size"; // RFC 8841 §6
}
