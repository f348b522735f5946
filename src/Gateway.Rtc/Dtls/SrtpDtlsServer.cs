using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Gateway.Rtc.Dtls;

/// <summary>BouncyCastle server peer for DTLS-SRTP (RFC 5764): DTLS 1.2, use_srtp, a mandatory client certificate.</summary>
internal sealed class SrtpDtlsServer(
    BcTlsCrypto crypto, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, DtlsSessionOptions options,
    DtlsHandshakeRecorder recorder) : DefaultTlsServer(crypto)
{
    private SrtpProtectionProfile? _selected;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsCipherSuites.Supported(Crypto);

    // RFC 7627: without the extended master secret the exported SRTP keys are not bound to this handshake.
    public override bool RequiresExtendedMasterSecret() => true;

    public override int GetHandshakeResendTimeMillis() => (int)options.InitialRetransmitTimeout.TotalMilliseconds;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offered is null)
            throw recorder.Fail(DtlsFailureReason.NoSrtpProfile, "The client sent no use_srtp extension", AlertDescription.handshake_failure);

        // RFC 5764 §4.1.1: the server chooses; ours is the configured preference order, not the client's.
        foreach (var preferred in options.SrtpProfiles)
        {
            if (Array.IndexOf(offered.ProtectionProfiles, (int)preferred) >= 0)
            {
                _selected = preferred;
                return;
            }
        }
        throw recorder.Fail(DtlsFailureReason.NoSrtpProfile,
            $"No SRTP profile in common: the client offered [{string.Join(", ", offered.ProtectionProfiles)}]",
            AlertDescription.handshake_failure);
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions();
        // An empty MKI: WebRTC never uses one (RFC 8827 §6.5 defers to RFC 5764 without MKI).
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)_selected!.Value], TlsUtilities.EmptyBytes));
        return extensions;
    }

    // Browsers present a certificate only when asked; its fingerprint is what authenticates the peer.
    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
            TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        recorder.VerifyPeerCertificate(clientCertificate, remoteFingerprint);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        DtlsCipherSuites.Signer(m_context, (BcTlsCrypto)Crypto, certificate);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        recorder.AlertReceived(alertLevel, alertDescription);
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        if (recorder.RemoteCertificateDer is null)   // the client skipped the Certificate message altogether
            throw recorder.Fail(DtlsFailureReason.NoCertificate, "The client presented no certificate", AlertDescription.handshake_failure);
        recorder.ExportKeys(m_context, _selected!.Value);
    }
}
