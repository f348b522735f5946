using Gateway.Rtc.Dtls;

namespace Gateway.Rtc.Tests.Dtls;

public sealed class DtlsSessionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static DtlsSessionOptions Options(params SrtpProtectionProfile[] profiles) =>
        profiles.Length == 0 ? new DtlsSessionOptions() : new DtlsSessionOptions { SrtpProfiles = profiles };

    private static (DtlsServerSession Server, DtlsClientSession Client) Pair(
        InMemoryDatagramLink link, DtlsSessionOptions? serverOptions = null, DtlsSessionOptions? clientOptions = null,
        DtlsCertificate? clientPresents = null, DtlsFingerprint? serverExpects = null, DtlsFingerprint? clientExpects = null)
    {
        var server = new DtlsServerSession(TestCertificates.Server, serverExpects ?? TestCertificates.Client.Fingerprint, link.A, serverOptions);
        var client = new DtlsClientSession(clientPresents ?? TestCertificates.Client, clientExpects ?? TestCertificates.Server.Fingerprint, link.B, clientOptions);
        return (server, client);
    }

    [Theory]
    // The server's order wins (RFC 5764 §4.1.1), whatever order the client offers.
    [InlineData(new[] { SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AesCm128HmacSha1_80 },
        new[] { SrtpProtectionProfile.AesCm128HmacSha1_80, SrtpProtectionProfile.AeadAes128Gcm }, SrtpProtectionProfile.AeadAes128Gcm, 12)]
    [InlineData(new[] { SrtpProtectionProfile.AesCm128HmacSha1_80, SrtpProtectionProfile.AeadAes128Gcm },
        new[] { SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AesCm128HmacSha1_80 }, SrtpProtectionProfile.AesCm128HmacSha1_80, 14)]
    [InlineData(new[] { SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AesCm128HmacSha1_80 },
        new[] { SrtpProtectionProfile.AesCm128HmacSha1_80 }, SrtpProtectionProfile.AesCm128HmacSha1_80, 14)]
    public async Task Client_and_server_derive_the_same_keys_for_the_profile_the_server_prefers(
        SrtpProtectionProfile[] serverProfiles, SrtpProtectionProfile[] clientProfiles, SrtpProtectionProfile expected, int saltLength)
    {
        var link = new InMemoryDatagramLink();
        var (server, client) = Pair(link, Options(serverProfiles), Options(clientProfiles));
        await using (server)
        await using (client)
        {
            var serverHandshake = server.HandshakeAsync(CancellationToken.None);
            var clientResult = await client.HandshakeAsync(CancellationToken.None).WaitAsync(Limit);
            var serverResult = await serverHandshake.WaitAsync(Limit);

            Assert.Equal(expected, serverResult.Keys.Profile);
            Assert.Equal(expected, clientResult.Keys.Profile);
            Assert.Equal(serverResult.Keys.ClientKey, clientResult.Keys.ClientKey);
            Assert.Equal(serverResult.Keys.ServerKey, clientResult.Keys.ServerKey);
            Assert.Equal(serverResult.Keys.ClientSalt, clientResult.Keys.ClientSalt);
            Assert.Equal(serverResult.Keys.ServerSalt, clientResult.Keys.ServerSalt);
            Assert.Equal(16, serverResult.Keys.ClientKey.Length);
            Assert.Equal(16, serverResult.Keys.ServerKey.Length);
            Assert.Equal(saltLength, serverResult.Keys.ClientSalt.Length);
            Assert.Equal(saltLength, serverResult.Keys.ServerSalt.Length);
            Assert.NotEqual(serverResult.Keys.ClientKey, serverResult.Keys.ServerKey);
            Assert.Equal(TestCertificates.Client.DerEncoded.ToArray(), serverResult.RemoteCertificateDer);
            Assert.Equal(TestCertificates.Server.DerEncoded.ToArray(), clientResult.RemoteCertificateDer);
            Assert.Equal(0xC02B, serverResult.CipherSuite);   // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
            Assert.Equal(serverResult.CipherSuite, clientResult.CipherSuite);
        }
    }

    [Fact]
    public async Task Each_handshake_exports_fresh_keys()
    {
        var first = await HandshakeOnceAsync();
        var second = await HandshakeOnceAsync();
        Assert.NotEqual(first.ClientKey, second.ClientKey);
        Assert.NotEqual(first.ServerSalt, second.ServerSalt);

        static async Task<DtlsSrtpKeys> HandshakeOnceAsync()
        {
            var (server, client) = Pair(new InMemoryDatagramLink());
            await using (server)
            await using (client)
            {
                var serverHandshake = server.HandshakeAsync(CancellationToken.None);
                await client.HandshakeAsync(CancellationToken.None).WaitAsync(Limit);
                return (await serverHandshake.WaitAsync(Limit)).Keys;
            }
        }
    }

    [Fact]
    public async Task Handshake_completes_through_loss_and_reordering_by_retransmission()
    {
        // Each direction loses its 2nd and 6th datagrams and receives its 3rd after its 4th.
        var (impairment, counts) = InMemoryDatagramLink.DropAndReorder(dropAt: [2, 6], holdAt: [3]);
        var link = new InMemoryDatagramLink(impairment);
        var fast = new DtlsSessionOptions { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(20), HandshakeTimeout = TimeSpan.FromSeconds(15) };
        var (server, client) = Pair(link, fast, fast);
        await using (server)
        await using (client)
        {
            var serverHandshake = server.HandshakeAsync(CancellationToken.None);
            var clientResult = await client.HandshakeAsync(CancellationToken.None).WaitAsync(Limit);
            var serverResult = await serverHandshake.WaitAsync(Limit);

            Assert.Equal(serverResult.Keys.ClientKey, clientResult.Keys.ClientKey);
            Assert.Equal(serverResult.Keys.ServerSalt, clientResult.Keys.ServerSalt);
            var (dropped, reordered) = counts();
            Assert.Equal(4, dropped);      // two per direction
            Assert.Equal(2, reordered);    // one per direction
        }
    }

    [Fact]
    public async Task Server_refuses_a_client_certificate_that_does_not_match_the_offer_fingerprint()
    {
        var link = new InMemoryDatagramLink();
        var (server, client) = Pair(link, serverExpects: TestCertificates.Stranger.Fingerprint);
        await using (server)
        await using (client)
        {
            var serverHandshake = server.HandshakeAsync(CancellationToken.None);
            var clientHandshake = client.HandshakeAsync(CancellationToken.None);

            var serverFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => serverHandshake.WaitAsync(Limit));
            Assert.Equal(DtlsFailureReason.FingerprintMismatch, serverFailure.Reason);
            Assert.Contains(TestCertificates.Client.Fingerprint.ToString(), serverFailure.Message, StringComparison.Ordinal);

            var clientFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => clientHandshake.WaitAsync(Limit));
            Assert.Equal(DtlsFailureReason.Alert, clientFailure.Reason);
            Assert.Equal(DtlsAlertDescription.BadCertificate, clientFailure.Alert);
            Assert.True(clientFailure.AlertFromPeer);
            Assert.Equal(DtlsSessionEndReason.HandshakeFailed, await server.Completion.WaitAsync(Limit));
        }
    }

    [Fact]
    public async Task Client_refuses_a_server_certificate_that_does_not_match_the_answer_fingerprint()
    {
        var link = new InMemoryDatagramLink();
        var (server, client) = Pair(link, clientExpects: TestCertificates.Stranger.Fingerprint);
        await using (server)
        await using (client)
        {
            var serverHandshake = server.HandshakeAsync(CancellationToken.None);
            var clientFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(
                () => client.HandshakeAsync(CancellationToken.None).WaitAsync(Limit));
            Assert.Equal(DtlsFailureReason.FingerprintMismatch, clientFailure.Reason);

            var serverFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => serverHandshake.WaitAsync(Limit));
            Assert.Equal(DtlsFailureReason.Alert, serverFailure.Reason);
            Assert.Equal(DtlsAlertDescription.BadCertificate, serverFailure.Alert);
        }
    }

    [Fact]
    public async Task Server_refuses_a_client_without_certificate()
    {
        var link = new InMemoryDatagramLink();
        await using var server = new DtlsServerSession(TestCertificates.Server, TestCertificates.Client.Fingerprint, link.A);
        await using var client = new DtlsClientSession(TestCertificates.Client, TestCertificates.Server.Fingerprint, link.B)
        {
            PresentCertificate = false,
        };
        var serverHandshake = server.HandshakeAsync(CancellationToken.None);
        var clientHandshake = client.HandshakeAsync(CancellationToken.None);

        var serverFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => serverHandshake.WaitAsync(Limit));
        Assert.Equal(DtlsFailureReason.NoCertificate, serverFailure.Reason);
        var clientFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => clientHandshake.WaitAsync(Limit));
        Assert.Equal(DtlsFailureReason.Alert, clientFailure.Reason);
        Assert.Equal(DtlsAlertDescription.HandshakeFailure, clientFailure.Alert);
    }

    [Fact]
    public async Task Server_refuses_a_client_without_a_common_srtp_profile()
    {
        var link = new InMemoryDatagramLink();
        var (server, client) = Pair(link,
            Options(SrtpProtectionProfile.AeadAes128Gcm), Options(SrtpProtectionProfile.AesCm128HmacSha1_80));
        await using (server)
        await using (client)
        {
            var serverHandshake = server.HandshakeAsync(CancellationToken.None);
            var clientHandshake = client.HandshakeAsync(CancellationToken.None);
            var serverFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => serverHandshake.WaitAsync(Limit));
            Assert.Equal(DtlsFailureReason.NoSrtpProfile, serverFailure.Reason);
            await Assert.ThrowsAsync<DtlsHandshakeException>(() => clientHandshake.WaitAsync(Limit));
        }
    }

    [Fact]
    public async Task Handshake_times_out_when_the_peer_never_answers()
    {
        var sent = 0;
        var channel = new DtlsDatagramChannel(_ => Interlocked.Increment(ref sent));
        var options = new DtlsSessionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(400), InitialRetransmitTimeout = TimeSpan.FromMilliseconds(50) };
        await using var client = new DtlsClientSession(TestCertificates.Client, TestCertificates.Server.Fingerprint, channel, options);
        var started = DateTime.UtcNow;

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.HandshakeAsync(CancellationToken.None).WaitAsync(Limit));

        Assert.Equal(DtlsFailureReason.Timeout, failure.Reason);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(350), "failed before the timeout");
        Assert.True(Volatile.Read(ref sent) >= 2, $"expected the ClientHello to be retransmitted, sent {sent}");
        Assert.True(channel.IsClosed);
        Assert.Equal(DtlsSessionEndReason.HandshakeFailed, await client.Completion.WaitAsync(Limit));
    }

    [Fact]
    public async Task Server_times_out_when_no_client_hello_arrives()
    {
        var channel = new DtlsDatagramChannel(_ => { });
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var options = new DtlsSessionOptions { HandshakeTimeout = TimeSpan.FromSeconds(10), TimeProvider = time };
        await using var server = new DtlsServerSession(TestCertificates.Server, TestCertificates.Client.Fingerprint, channel, options);
        var handshake = server.HandshakeAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(handshake.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(Limit));
        Assert.Equal(DtlsFailureReason.Timeout, failure.Reason);
    }

    [Fact]
    public async Task Cancellation_stops_the_handshake()
    {
        var channel = new DtlsDatagramChannel(_ => { });
        await using var server = new DtlsServerSession(TestCertificates.Server, TestCertificates.Client.Fingerprint, channel);
        using var cancellation = new CancellationTokenSource();
        var handshake = server.HandshakeAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handshake.WaitAsync(Limit));
        Assert.True(channel.IsClosed);
    }

    [Fact]
    public async Task Disposing_during_the_handshake_fails_it_as_transport_closed()
    {
        var channel = new DtlsDatagramChannel(_ => { });
        var server = new DtlsServerSession(TestCertificates.Server, TestCertificates.Client.Fingerprint, channel);
        var handshake = server.HandshakeAsync(CancellationToken.None);

        await server.DisposeAsync().AsTask().WaitAsync(Limit);
        await server.DisposeAsync().AsTask().WaitAsync(Limit);   // idempotent

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(Limit));
        Assert.Equal(DtlsFailureReason.TransportClosed, failure.Reason);
        Assert.True(channel.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => { _ = server.HandshakeAsync(CancellationToken.None); });
    }

    [Fact]
    public async Task Disposing_after_the_handshake_sends_close_notify_to_the_peer()
    {
        var link = new InMemoryDatagramLink();
        var (server, client) = Pair(link);
        await using (server)
        {
            var serverHandshake = server.HandshakeAsync(CancellationToken.None);
            await client.HandshakeAsync(CancellationToken.None).WaitAsync(Limit);
            await serverHandshake.WaitAsync(Limit);

            await client.DisposeAsync().AsTask().WaitAsync(Limit);

            Assert.Equal(DtlsSessionEndReason.LocalClose, await client.Completion.WaitAsync(Limit));
            Assert.Equal(DtlsSessionEndReason.PeerCloseNotify, await server.Completion.WaitAsync(Limit));
            Assert.True(link.A.IsClosed);
            Assert.True(link.B.IsClosed);
        }
    }

    [Fact]
    public async Task Server_answers_a_retransmitted_final_client_flight_after_its_handshake_completed()
    {
        // The server's final flight (ChangeCipherSpec, then Finished in epoch 1) is lost once. The server has finished
        // by then, so only its post-handshake reading can answer the client's retransmission (RFC 6347 §4.2.4).
        var serverCcsSent = 0;
        DtlsDatagramChannel? serverChannel = null;
        bool DropFirstServerFinalFlight(byte[] datagram, DtlsDatagramChannel destination)
        {
            if (ReferenceEquals(destination, serverChannel)) return true;   // client -> server passes
            if (!DtlsRecord.TryParseHeader(datagram, out var type, out _, out var epoch, out _, out _, out _)) return true;
            if (type == DtlsContentType.ChangeCipherSpec) Interlocked.Increment(ref serverCcsSent);
            bool finalFlight = type == DtlsContentType.ChangeCipherSpec || epoch == 1;
            return !(finalFlight && Volatile.Read(ref serverCcsSent) < 2);
        }
        var link = new InMemoryDatagramLink(DropFirstServerFinalFlight);
        serverChannel = link.A;
        var fast = new DtlsSessionOptions { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(50) };
        var (server, client) = Pair(link, fast, fast);
        await using (server)
        await using (client)
        {
            var serverHandshake = server.HandshakeAsync(CancellationToken.None);
            var clientResult = await client.HandshakeAsync(CancellationToken.None).WaitAsync(Limit);
            var serverResult = await serverHandshake.WaitAsync(Limit);

            Assert.Equal(serverResult.Keys.ClientKey, clientResult.Keys.ClientKey);
            Assert.Equal(2, Volatile.Read(ref serverCcsSent));
            var ccsDatagrams = link.SentByA().Count(datagram =>
                DtlsRecord.TryParseHeader(datagram, out var type, out _, out _, out _, out _, out _) && type == DtlsContentType.ChangeCipherSpec);
            Assert.Equal(2, ccsDatagrams);
            Assert.False(server.Completion.IsCompleted);
        }
    }

    [Fact]
    public async Task Server_recovers_when_the_client_CertificateVerify_is_lost_but_its_ChangeCipherSpec_arrives()
    {
        // BouncyCastle alone would switch to epoch 1 on that ChangeCipherSpec and never accept the retransmitted
        // CertificateVerify (epoch 0), stalling until the timeout; the server transport withholds the early CCS.
        DtlsDatagramChannel? serverChannel = null;
        var dropped = 0;
        bool DropFirstCertificateVerify(byte[] datagram, DtlsDatagramChannel destination)
        {
            bool isCertificateVerify = ReferenceEquals(destination, serverChannel)
                && DtlsRecord.TryParseHeader(datagram, out var type, out _, out var epoch, out _, out _, out _)
                && type == DtlsContentType.Handshake && epoch == 0 && datagram[DtlsRecord.HeaderLength] == 15;
            return !(isCertificateVerify && Interlocked.Increment(ref dropped) == 1);
        }
        var link = new InMemoryDatagramLink(DropFirstCertificateVerify);
        serverChannel = link.A;
        var fast = new DtlsSessionOptions { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(50), HandshakeTimeout = TimeSpan.FromSeconds(15) };
        var (server, client) = Pair(link, fast, fast);
        await using (server)
        await using (client)
        {
            var serverHandshake = server.HandshakeAsync(CancellationToken.None);
            var clientResult = await client.HandshakeAsync(CancellationToken.None).WaitAsync(Limit);
            var serverResult = await serverHandshake.WaitAsync(Limit);

            Assert.Equal(serverResult.Keys.ServerKey, clientResult.Keys.ServerKey);
            Assert.True(Volatile.Read(ref dropped) >= 2, "the CertificateVerify was not retransmitted");
        }
    }
}
