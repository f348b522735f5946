using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gateway.Rtc.Dtls;
using Gateway.Rtc.Ice;
using Gateway.Rtc.Rtp;
using Gateway.Rtc.Srtp;
using Gateway.Rtc.Stun;
using Gateway.Rtc.WebRtc;

namespace Gateway.Rtc.Tests.WebRtc;

/// <summary>
/// A publisher's transport on real loopback sockets: ICE check, DTLS handshake (our client in the browser's role),
/// then SRTP both ways through the shared port. Chromium is the real acceptance; this pins the routing down.
/// </summary>
public sealed class SharedUdpPortTests
{
    private sealed record Received(bool IsRtcp, byte[] Data);

    [Fact]
    public async Task A_checked_peer_handshakes_and_its_srtp_arrives_decrypted_while_garbage_is_dropped()
    {
        var received = new BlockingCollection<Received>();
        await using var port = new SharedUdpPort(new IPEndPoint(IPAddress.Loopback, 0), (_, isRtcp, buffer, length, _) =>
        {
            received.Add(new Received(isRtcp, buffer.AsSpan(0, length).ToArray()));
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }, TimeProvider.System);
        port.Start();
        using var gatewayCertificate = DtlsCertificate.Generate();
        using var browserCertificate = DtlsCertificate.Generate();
        var ice = new IceLiteSession("gwUf", "gateway-ice-password-24c", "brUf");
        await using var peer = new WebRtcPeer(ice, gatewayCertificate, browserCertificate.Fingerprint, port.SendTo,
            new DtlsSessionOptions { HandshakeTimeout = TimeSpan.FromSeconds(10) });
        port.Add(peer);

        using var browser = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        browser.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var gateway = port.LocalEndPoint;

        // Garbage and a check with an unknown ufrag before anything else: dropped, nothing answers.
        browser.SendTo(new byte[] { 0xFF, 0x00, 0x01 }, gateway);
        browser.SendTo(Check("nobody:brUf"), gateway);

        // 1. ICE: the check is answered and ties this address to the session.
        browser.SendTo(Check("gwUf:brUf"), gateway);
        var buffer = new byte[2048];
        browser.ReceiveTimeout = 5000;
        var n = browser.Receive(buffer);
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, n), out var answer, out _));
        Assert.Equal(StunMessageType.BindingSuccess, answer.Type);
        Assert.Equal(browser.LocalEndPoint, ice.SelectedRemote);
        Assert.Equal(1, port.DroppedBy(PortDropReason.Unclassified));      // the garbage (handled before the answered check)
        Assert.Equal(1, port.DroppedBy(PortDropReason.StunUnanswered));    // the unknown ufrag

        // Media before the keys (the browser finished its handshake first): held, not dropped, until the peer is keyed.
        // These two are not valid SRTP, so once released they fail authentication, ahead of the first real packet.
        var early = new byte[40];
        new RtpHeader(false, 111, 1, 0, 0xABCDEF).TryWriteTo(early, out _);
        browser.SendTo(early, gateway);
        browser.SendTo(early, gateway);
        for (var i = 0; i < 250 && peer.HeldDatagrams < 2; i++) await Task.Delay(20);
        Assert.Equal(2, peer.HeldDatagrams);
        Assert.Equal(0, port.DroppedBy(PortDropReason.SrtpFailed));

        // 2. DTLS: our client plays the browser over its own socket.
        using var channel = new DtlsDatagramChannel(d => browser.SendTo(d, SocketFlags.None, gateway));
        using var pumpStop = new CancellationTokenSource();
        var pump = Task.Run(() =>
        {
            var inbound = new byte[2048];
            browser.ReceiveTimeout = 200;
            while (!pumpStop.IsCancellationRequested)
            {
                try
                {
                    var length = browser.Receive(inbound);
                    if (DatagramClassifier.Classify(inbound.AsSpan(0, length)) == DatagramKind.Dtls) channel.TryDeliver(inbound.AsSpan(0, length));
                    else received.Add(new Received(true, inbound.AsSpan(0, length).ToArray()));   // protected RTCP from the gateway
                }
                catch (SocketException)
                {
                    // receive timeout: look at the stop flag again
                }
            }
        });
        await using var client = new DtlsClientSession(browserCertificate, gatewayCertificate.Fingerprint, channel);
        var serverSide = peer.ConnectAsync(CancellationToken.None);
        var clientSide = client.HandshakeAsync(CancellationToken.None);
        var serverResult = await serverSide.WaitAsync(TimeSpan.FromSeconds(15));
        var clientResult = await clientSide.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(serverResult.Keys.ClientKey, clientResult.Keys.ClientKey);
        Assert.True(peer.IsConnected);

        // 3. SRTP from the browser arrives decrypted; a tampered copy is dropped.
        var keys = clientResult.Keys;
        var profile = (SrtpProfile)(ushort)keys.Profile;
        using var browserOut = new SrtpContext(profile, keys.ClientKey, keys.ClientSalt);
        using var browserIn = new SrtpContext(profile, keys.ServerKey, keys.ServerSalt);
        var plain = new byte[12 + 100];
        new RtpHeader(true, 111, 7, 48000, 0xABCDEF).TryWriteTo(plain, out _);
        for (var i = 12; i < plain.Length; i++) plain[i] = (byte)i;
        var packet = new byte[plain.Length + 64];
        plain.CopyTo(packet, 0);
        Assert.True(browserOut.ProtectRtp(packet, plain.Length, out var protectedLength, out _));
        var tampered = packet.AsSpan(0, protectedLength).ToArray();
        tampered[20] ^= 0x01;
        var droppedBefore = port.DroppedBy(PortDropReason.SrtpFailed);
        Assert.Equal(0, droppedBefore);                                   // the early two are still held
        browser.SendTo(tampered, gateway);
        browser.SendTo(packet.AsSpan(0, protectedLength), SocketFlags.None, gateway);
        Assert.True(received.TryTake(out var media, TimeSpan.FromSeconds(5)));
        Assert.False(media.IsRtcp);
        Assert.Equal(plain, media.Data);
        Assert.Equal(3, port.DroppedBy(PortDropReason.SrtpFailed));       // the early two, released, and the tampered one
        Assert.Equal(port.Dropped, Enum.GetValues<PortDropReason>().Sum(port.DroppedBy));
        Assert.True(peer.AuthenticationFailures >= 1);

        // 4. RTCP from the gateway reaches the browser protected, and decrypts there.
        var report = new byte[] { 0x80, 201, 0x00, 0x01, 0x00, 0x00, 0x00, 0x42 };   // an empty RR from SSRC 0x42
        Assert.True(peer.TrySendRtcp(report));
        Assert.True(received.TryTake(out var rtcp, TimeSpan.FromSeconds(5)));
        var rtcpPacket = rtcp.Data;
        Assert.True(browserIn.UnprotectRtcp(rtcpPacket, out var rtcpLength, out var rtcpError), rtcpError.ToString());
        Assert.Equal(report, rtcpPacket[..rtcpLength]);

        // 5. RTP from the gateway (a WHEP viewer's media): written with a plain fixed header, the payload and the
        // original padding, protected, and it decrypts at the browser to exactly that.
        var payload = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();
        byte[] padding = [0, 0, 3];
        var sent = new RtpHeader(false, 96, 1000, 90000, 0x1234);
        Assert.True(peer.TrySendRtp(sent, payload, padding));
        Assert.True(received.TryTake(out var rtp, TimeSpan.FromSeconds(5)));
        var rtpPacket = rtp.Data;
        Assert.True(browserIn.UnprotectRtp(rtpPacket, out var rtpLength, out var rtpError), rtpError.ToString());
        Assert.True(RtpHeader.TryParse(rtpPacket.AsSpan(0, rtpLength), out var got, out var gotPayload, out _));
        Assert.Equal((sent.PayloadType, sent.SequenceNumber, sent.Timestamp, sent.Ssrc, 3), (got.PayloadType, got.SequenceNumber, got.Timestamp, got.Ssrc, got.PaddingLength));
        Assert.Equal(payload, rtpPacket[gotPayload]);
        // The forwarding path protects into the peer's own buffer: after the first packet of an SSRC, nothing is
        // allocated per packet (what the socket send itself costs is measured too, since it runs on the same path).
        for (ushort i = 1; i <= 8; i++) peer.TrySendRtp(sent with { SequenceNumber = (ushort)(1000 + i) }, payload, padding);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (ushort i = 9; i <= 108; i++) peer.TrySendRtp(sent with { SequenceNumber = (ushort)(1000 + i) }, payload, padding);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        await pumpStop.CancelAsync();
        await pump;
        port.Remove(peer);
        Assert.Equal(0, port.Peers);
    }

    private static byte[] Check(string username)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.NewRandom());
        writer.AddUsername(username);
        writer.AddPriority(0x6E7F1EFF);
        writer.AddIceControlling(7);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(StunCredentials.ShortTermKey("gateway-ice-password-24c"));
        writer.AddFingerprint();
        return buffer[..writer.Length];
    }
}
