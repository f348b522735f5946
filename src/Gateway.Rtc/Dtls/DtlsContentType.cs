namespace Gateway.Rtc.Dtls;

/// <summary>Record content types (RFC 6347 §4.1, RFC 5246 §6.2.1, RFC 6520, RFC 9146).</summary>
public enum DtlsContentType : byte
{
    ChangeCipherSpec = 20,
    Alert = 21,
    Handshake = 22,
    ApplicationData = 23,
    Heartbeat = 24,
    ConnectionId = 25,
}
