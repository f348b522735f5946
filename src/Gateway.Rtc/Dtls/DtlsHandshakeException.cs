namespace Gateway.Rtc.Dtls;

/// <summary>A DTLS handshake that did not produce SRTP keys, with the reason.</summary>
public sealed class DtlsHandshakeException : Exception
{
    public DtlsHandshakeException(DtlsFailureReason reason, string message, Exception? innerException = null)
        : this(reason, null, false, message, innerException)
    {
    }

    public DtlsHandshakeException(
        DtlsFailureReason reason, DtlsAlertDescription? alert, bool alertFromPeer, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        Alert = alert;
        AlertFromPeer = alertFromPeer;
    }

    public DtlsHandshakeException() : this(DtlsFailureReason.TransportClosed, "DTLS handshake failed")
    {
    }

    public DtlsHandshakeException(string message) : this(DtlsFailureReason.TransportClosed, message)
    {
    }

    public DtlsHandshakeException(string message, Exception innerException)
        : this(DtlsFailureReason.TransportClosed, message, innerException)
    {
    }

    public DtlsFailureReason Reason { get; }

    /// <summary>For <see cref="DtlsFailureReason.Alert"/>: the fatal alert's description.</summary>
    public DtlsAlertDescription? Alert { get; }

    /// <summary>True when the peer sent the alert, false when we raised it.</summary>
    public bool AlertFromPeer { get; }
}
