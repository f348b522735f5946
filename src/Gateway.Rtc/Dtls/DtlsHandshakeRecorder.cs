using Org.BouncyCastle.Tls;

namespace Gateway.Rtc.Dtls;

/// <summary>
/// What the BouncyCastle peer callbacks learned, written on the session's DTLS thread and read after the blocking
/// call returns. BouncyCastle turns every refusal into a generic alert exception; this keeps the real reason.
/// </summary>
internal sealed class DtlsHandshakeRecorder
{
    private volatile bool _peerClosed;

    public DtlsFailureReason? Failure { get; private set; }

    public string? FailureMessage { get; private set; }

    /// <summary>A fatal alert the peer sent, if any.</summary>
    public short? PeerAlert { get; private set; }

    /// <summary>The peer sent close_notify (RFC 5246 §7.2.1).</summary>
    public bool PeerClosed => _peerClosed;

    public DtlsSrtpKeys? Keys { get; set; }

    public byte[]? RemoteCertificateDer { get; set; }

    public int CipherSuite { get; set; }

    /// <summary>Records the first failure and returns the alert to raise, so a callback can write <c>throw recorder.Fail(...)</c>.</summary>
    public TlsFatalAlert Fail(DtlsFailureReason reason, string message, short alert)
    {
        if (Failure is null)
        {
            Failure = reason;
            FailureMessage = message;
        }
        return new TlsFatalAlert(alert, message);
    }

    public void AlertReceived(short level, short description)
    {
        if (description == AlertDescription.close_notify) _peerClosed = true;
        else if (level == AlertLevel.fatal) PeerAlert ??= description;
    }

    /// <summary>
    /// Checks the peer's end-entity certificate against its SDP fingerprint (RFC 8122 §5, RFC 8827 §6.5) and keeps it.
    /// </summary>
    public void VerifyPeerCertificate(Certificate? chain, DtlsFingerprint expected)
    {
        if (chain is null || chain.IsEmpty)
            throw Fail(DtlsFailureReason.NoCertificate, "The peer presented no certificate", AlertDescription.handshake_failure);

        var der = chain.GetCertificateAt(0).GetEncoded();
        if (!expected.Matches(der))
        {
            var actual = DtlsFingerprint.Compute(expected.Algorithm, der);
            throw Fail(DtlsFailureReason.FingerprintMismatch,
                $"The peer's certificate hashes to {actual}, not to the SDP fingerprint {expected}", AlertDescription.bad_certificate);
        }
        RemoteCertificateDer = der;
    }

    /// <summary>Exports the SRTP keying material (RFC 5764 §4.2); call once the handshake has completed.</summary>
    public void ExportKeys(TlsContext context, SrtpProtectionProfile profile)
    {
        var material = context.ExportKeyingMaterial(DtlsSrtpKeys.ExporterLabel, null, DtlsSrtpKeys.ExportLength(profile));
        Keys = DtlsSrtpKeys.FromKeyingMaterial(profile, material);
        CipherSuite = context.SecurityParameters.CipherSuite;
    }
}
