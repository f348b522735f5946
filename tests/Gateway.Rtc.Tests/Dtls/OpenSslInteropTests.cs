using System.Net;
using Gateway.Rtc.Dtls;

namespace Gateway.Rtc.Tests.Dtls;

/// <summary>
/// Real-peer interop with Debian's openssl CLI over UDP on 127.0.0.1: the SRTP keying material OpenSSL exports
/// (RFC 5764 §4.2) must equal ours byte for byte, in both roles.
/// </summary>
public sealed class OpenSslInteropTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static byte[] Concatenated(DtlsSrtpKeys keys) => [.. keys.ClientKey, .. keys.ServerKey, .. keys.ClientSalt, .. keys.ServerSalt];

    [Theory]
    [InlineData("SRTP_AES128_CM_SHA1_80", "SRTP_AES128_CM_SHA1_80", SrtpProtectionProfile.AesCm128HmacSha1_80, 60)]
    // OpenSSL offers AES_CM first; our server's preference (GCM first) decides.
    [InlineData("SRTP_AES128_CM_SHA1_80:SRTP_AEAD_AES_128_GCM", "SRTP_AEAD_AES_128_GCM", SrtpProtectionProfile.AeadAes128Gcm, 56)]
    public async Task Our_server_and_openssl_s_client_export_the_same_keying_material(
        string offered, string expectedName, SrtpProtectionProfile expected, int exportLength)
    {
        using var identity = await OpenSslIdentity.CreateAsync();
        await using var endpoint = new UdpDtlsEndpoint();
        await using var server = new DtlsServerSession(TestCertificates.Server, identity.Fingerprint, endpoint.Channel);
        var handshake = server.HandshakeAsync(CancellationToken.None);

        await using var client = OpenSslProcess.Start(identity.Directory, "s_client", "-dtls1_2",
            "-connect", $"127.0.0.1:{endpoint.Port}", "-use_srtp", offered, "-cert", identity.CertificateFile, "-key", identity.KeyFile,
            "-keymatexport", DtlsSrtpKeys.ExporterLabel, "-keymatexportlen", exportLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-mtu", "1200");

        var result = await handshake.WaitAsync(Limit);
        await client.WaitForOutputAsync("Keying material: ", Limit);

        var output = client.Output;
        Assert.Equal(expected, result.Keys.Profile);
        Assert.Contains($"SRTP Extension negotiated, profile={expectedName}", output, StringComparison.Ordinal);
        Assert.Equal(OpenSslIdentity.ExportedKeyingMaterial(output), Concatenated(result.Keys));
        Assert.Equal(TestCertificates.Server.DerEncoded.ToArray(), OpenSslIdentity.PemAfter(output, "Server certificate"));
        Assert.True(identity.Fingerprint.Matches(result.RemoteCertificateDer));
        Assert.Contains("Extended master secret: yes", output, StringComparison.Ordinal);

        // End of input makes s_client shut the connection down with close_notify.
        client.CloseInput();
        Assert.Equal(DtlsSessionEndReason.PeerCloseNotify, await server.Completion.WaitAsync(Limit));
    }

    [Fact]
    public async Task Our_server_refuses_openssl_s_client_without_certificate()
    {
        using var identity = await OpenSslIdentity.CreateAsync();
        await using var endpoint = new UdpDtlsEndpoint();
        await using var server = new DtlsServerSession(TestCertificates.Server, identity.Fingerprint, endpoint.Channel);
        var handshake = server.HandshakeAsync(CancellationToken.None);

        await using var client = OpenSslProcess.Start(identity.Directory, "s_client", "-dtls1_2",
            "-connect", $"127.0.0.1:{endpoint.Port}", "-use_srtp", "SRTP_AES128_CM_SHA1_80", "-mtu", "1200");

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(Limit));
        Assert.Equal(DtlsFailureReason.NoCertificate, failure.Reason);
    }

    [Fact]
    public async Task Our_server_refuses_an_openssl_certificate_with_another_fingerprint()
    {
        using var identity = await OpenSslIdentity.CreateAsync();
        await using var endpoint = new UdpDtlsEndpoint();
        await using var server = new DtlsServerSession(TestCertificates.Server, TestCertificates.Stranger.Fingerprint, endpoint.Channel);
        var handshake = server.HandshakeAsync(CancellationToken.None);

        await using var client = OpenSslProcess.Start(identity.Directory, "s_client", "-dtls1_2",
            "-connect", $"127.0.0.1:{endpoint.Port}", "-use_srtp", "SRTP_AES128_CM_SHA1_80",
            "-cert", identity.CertificateFile, "-key", identity.KeyFile, "-mtu", "1200");

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(Limit));
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, failure.Reason);
        await client.WaitForOutputAsync("bad certificate", Limit);
    }

    [Theory]
    [InlineData("SRTP_AES128_CM_SHA1_80", SrtpProtectionProfile.AesCm128HmacSha1_80, 60)]
    [InlineData("SRTP_AEAD_AES_128_GCM", SrtpProtectionProfile.AeadAes128Gcm, 56)]
    public async Task Our_client_and_openssl_s_server_export_the_same_keying_material(
        string profileName, SrtpProtectionProfile expected, int exportLength)
    {
        using var identity = await OpenSslIdentity.CreateAsync();
        int port = UdpDtlsEndpoint.FreePort();
        // -Verify 1: OpenSSL sends a CertificateRequest and fails the handshake if we present no certificate.
        await using var server = OpenSslProcess.Start(identity.Directory, "s_server", "-dtls1_2",
            "-accept", $"127.0.0.1:{port}", "-cert", identity.CertificateFile, "-key", identity.KeyFile, "-use_srtp", profileName,
            "-keymatexport", DtlsSrtpKeys.ExporterLabel, "-keymatexportlen", exportLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-Verify", "1", "-mtu", "1200");
        await server.WaitForOutputAsync("ACCEPT", Limit);

        await using var endpoint = new UdpDtlsEndpoint(new IPEndPoint(IPAddress.Loopback, port));
        await using var client = new DtlsClientSession(TestCertificates.Client, identity.Fingerprint, endpoint.Channel);
        var result = await client.HandshakeAsync(CancellationToken.None).WaitAsync(Limit);
        await server.WaitForOutputAsync("Keying material: ", Limit);

        var output = server.Output;
        Assert.Equal(expected, result.Keys.Profile);
        Assert.Contains($"SRTP Extension negotiated, profile={profileName}", output, StringComparison.Ordinal);
        Assert.Equal(OpenSslIdentity.ExportedKeyingMaterial(output), Concatenated(result.Keys));
        Assert.Equal(TestCertificates.Client.DerEncoded.ToArray(), OpenSslIdentity.PemAfter(output, "Client certificate"));
        Assert.True(identity.Fingerprint.Matches(result.RemoteCertificateDer));
    }

    [Fact]
    public async Task Our_client_refuses_an_openssl_server_with_another_fingerprint()
    {
        using var identity = await OpenSslIdentity.CreateAsync();
        int port = UdpDtlsEndpoint.FreePort();
        await using var server = OpenSslProcess.Start(identity.Directory, "s_server", "-dtls1_2",
            "-accept", $"127.0.0.1:{port}", "-cert", identity.CertificateFile, "-key", identity.KeyFile,
            "-use_srtp", "SRTP_AES128_CM_SHA1_80", "-Verify", "1", "-mtu", "1200");
        await server.WaitForOutputAsync("ACCEPT", Limit);

        await using var endpoint = new UdpDtlsEndpoint(new IPEndPoint(IPAddress.Loopback, port));
        await using var client = new DtlsClientSession(TestCertificates.Client, TestCertificates.Stranger.Fingerprint, endpoint.Channel);

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.HandshakeAsync(CancellationToken.None).WaitAsync(Limit));
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, failure.Reason);
        Assert.Contains(identity.Fingerprint.ToString(), failure.Message, StringComparison.Ordinal);
    }
}
