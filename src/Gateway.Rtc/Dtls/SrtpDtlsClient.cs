using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Gateway.Rtc.Dtls;

/// <summary>BouncyCastle client peer for DTLS-SRTP (RFC 5764): offers use_srtp, checks the server's fingerprint.</summary>
internal sealed class SrtpDtlsClient(
    BcTlsCrypto crypto, DtlsCertificate? certificate, DtlsFingerprint remoteFingerprint, DtlsSessionOptions options,
    DtlsHandshakeRecorder recorder) : DefaultTlsClient(crypto)
{
    private SrtpProtectionProfile? _selected;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsCipherSuites.Supported(Crypto);

    public override bool RequiresExtendedMasterSecret() => true;

    public override int GetHandshakeResendTimeMillis() => (int)options.InitialRetransmitTimeout.TotalMilliseconds;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions();
        var profiles = options.SrtpProfiles.Select(profile => (int)profile).ToArray();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(profiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var chosen = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (chosen is null)
            throw recorder.Fail(DtlsFailureReason.NoSrtpProfile, "The server did not accept use_srtp", AlertDescription.handshake_failure);

        // RFC 5764 §4.1.1: exactly one profile, one we offered, and the MKI we sent (empty).
        var profile = chosen.ProtectionProfiles.Length == 1 ? DtlsCipherSuites.ToProfile(chosen.ProtectionProfiles[0]) : null;
        if (profile is null || !options.SrtpProfiles.Contains(profile.Value) || chosen.Mki.Length != 0)
            throw recorder.Fail(DtlsFailureReason.NoSrtpProfile,
                $"The server chose SRTP profiles [{string.Join(", ", chosen.ProtectionProfiles)}], not one we offered",
                AlertDescription.illegal_parameter);
        _selected = profile;
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        recorder.AlertReceived(alertLevel, alertDescription);
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        recorder.ExportKeys(m_context, _selected!.Value);
    }

    private void VerifyServerCertificate(TlsServerCertificate serverCertificate) =>
        recorder.VerifyPeerCertificate(serverCertificate.Certificate, remoteFingerprint);

    // A null answer sends an empty Certificate message; only tests ask for that.
    private TlsCredentials? ClientCredentials() =>
        certificate is null ? null : DtlsCipherSuites.Signer(m_context, (BcTlsCrypto)Crypto, certificate);

    private sealed class Authentication(SrtpDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            client.VerifyServerCertificate(serverCertificate);

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) => client.ClientCredentials();
    }
}
