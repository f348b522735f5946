using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Gateway.Rtc.Dtls;
using Gateway.Rtc.Ice;
using Gateway.Rtc.Rtcp;
using Gateway.Rtc.Rtp;
using Gateway.Rtc.Sdp;
using Gateway.Rtc.Srtp;
using Gateway.Rtc.Stun;

namespace Gateway.TestPeers;

/// <summary>
/// A minimal WHIP publisher built from our own client-side pieces (STUN checks, DTLS client, SRTP): an Opus-only
/// offer, connectivity checks every 500 ms (consent), silent Opus frames every 20 ms. Fast and deterministic, for
/// lifecycle and hostile-input tests and load runs where a browser per session would be too slow; interop itself is proven with
/// Chromium and libwebrtc. Options let a test break it on purpose (wrong certificate, no consent, bad SRTP).
/// </summary>
public sealed partial class LoopbackWhipPublisher : IAsyncDisposable
{
    // RFC 6716 §3.1 TOC 0xF8 (CELT FB 20 ms, one frame) + the classic silent frame payload.
    private static readonly byte[] SilentOpus = [0xF8, 0xFF, 0xFE];
    private readonly Socket _socket;
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly string _ufrag = IceCredentialGenerator.NewUfrag();
    private readonly string _password = IceCredentialGenerator.NewPassword();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private DtlsDatagramChannel? _channel;
    private DtlsClientSession? _dtls;
    private SrtpContext? _out, _in;
    private IPEndPoint? _gateway;
    private string? _remoteUfrag, _remotePassword;
    private volatile bool _sendChecks = true;
    private readonly TaskCompletionSource _checked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _rtcpReceived, _nacks, _plis, _rembs, _receiverReports;

    /// <param name="address">Where the publisher's socket lives: 127.0.0.1 by default, or ::1 to publish over IPv6 (it
    /// then uses the answer's IPv6 candidate).</param>
    public LoopbackWhipPublisher(IPAddress? address = null)
    {
        _address = address ?? IPAddress.Loopback;
        _socket = new Socket(_address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(_address, 0));
    }

    private readonly IPAddress _address;

    /// <summary>Offer a fingerprint that is not our certificate's: the gateway must refuse the handshake.</summary>
    public bool LieAboutFingerprint { get; init; }

    public string? Location { get; private set; }

    /// <summary>From sending the offer to having read the whole answer (the HTTP exchange only).</summary>
    public TimeSpan AnswerTime { get; private set; }

    public IPEndPoint? GatewayEndPoint => _gateway;

    public long RtcpReceived => Interlocked.Read(ref _rtcpReceived);

    public long ReceiverReports => Interlocked.Read(ref _receiverReports);

    public long Rembs => Interlocked.Read(ref _rembs);

    public long Nacks => Interlocked.Read(ref _nacks);

    public long Plis => Interlocked.Read(ref _plis);

    public string Offer()
    {
        var fingerprint = LieAboutFingerprint ? DtlsCertificate.Generate().Fingerprint : _certificate.Fingerprint;
        var port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        var transport = $"a=ice-ufrag:{_ufrag}\r\na=ice-pwd:{_password}\r\na=fingerprint:{fingerprint}\r\na=setup:actpass\r\n"
            + "a=sendonly\r\na=rtcp-mux\r\na=rtcp-rsize\r\n";
        var candidate = $"a=candidate:1 1 udp 2130706431 {_address} {port} typ host\r\n";
        return $"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0{(WithH264Video ? " 1" : "")}\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n" + transport
            + "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n" + candidate
            + (WithH264Video ? VideoSection(transport, candidate) : "");
    }

    /// <summary>POSTs the offer; returns the status and body (the answer on 201).</summary>
    public async Task<(HttpStatusCode Status, string Body)> PostOfferAsync(HttpClient http, string whipUrl, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, whipUrl) { Content = new StringContent(Offer(), Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        AnswerTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (response.StatusCode != HttpStatusCode.Created) return (response.StatusCode, body);
        Location = response.Headers.Location?.OriginalString;
        if (!SdpMessage.TryParse(body, out var answer, out var error)) throw new InvalidOperationException($"The answer is not valid SDP: {error}");
        var media = answer.Media[0];
        var candidate = media.Candidates.FirstOrDefault(c => IPAddress.Parse(c.Address).AddressFamily == _address.AddressFamily)
            ?? throw new InvalidOperationException($"The answer has no {_address.AddressFamily} candidate: {body}");
        _gateway = new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port);
        var ice = media.GetIceCredentials(answer)!;
        (_remoteUfrag, _remotePassword) = (ice.Ufrag, ice.Password);
        var fingerprint = DtlsFingerprint.Parse(media.GetFingerprint(answer)!.Value!);
        _channel = new DtlsDatagramChannel(d => _socket.SendTo(d, SocketFlags.None, _gateway));
        _dtls = new DtlsClientSession(_certificate, fingerprint, _channel);
        return (response.StatusCode, body);
    }

    /// <summary>ICE checks, then the DTLS handshake; keys SRTP. Throws what the handshake throws.</summary>
    public async Task ConnectAsync(TimeSpan timeout)
    {
        _loops.Add(Task.Run(ReceiveLoop));
        _loops.Add(Task.Run(CheckLoop));
        using var cts = new CancellationTokenSource(timeout);
        // Like a browser: DTLS starts once a connectivity check has been answered (the gateway drops DTLS from an
        // address no check came from).
        await _checked.Task.WaitAsync(cts.Token);
        var result = await _dtls!.HandshakeAsync(cts.Token);
        var keys = result.Keys;
        var profile = (SrtpProfile)(ushort)keys.Profile;
        _out = new SrtpContext(profile, keys.ClientKey, keys.ClientSalt);
        Volatile.Write(ref _in, new SrtpContext(profile, keys.ServerKey, keys.ServerSalt));
    }

    /// <summary>Silent Opus every 20 ms until stopped (or <see cref="StopMedia"/>).</summary>
    public void StartMedia() => _loops.Add(Task.Run(MediaLoop));

    private volatile bool _mediaStopped;

    public void StopMedia() => _mediaStopped = true;

    private long _packetsSent;

    /// <summary>Media packets that left the socket (the loop may fall behind its 20 ms pace on a loaded machine).</summary>
    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Stop answering consent: the gateway must end the source after its consent timeout.</summary>
    public void StopChecks() => _sendChecks = false;

    /// <summary>Sends raw bytes to the gateway's port from this publisher's address (hostile-input tests).</summary>
    public void SendRaw(ReadOnlySpan<byte> datagram) => _socket.SendTo(datagram, SocketFlags.None, _gateway!);

    private readonly Lock _rtpGate = new();
    private ushort _sequence = 1;
    private uint _timestamp;

    /// <summary>The next silent Opus packet of the stream, protected with the session keys (also for replay and tamper tests).</summary>
    public byte[] ProtectNextRtp()
    {
        lock (_rtpGate)
        {
            var packet = new byte[12 + SilentOpus.Length + 32];
            new RtpHeader(false, 111, _sequence++, _timestamp, 0x5EED).TryWriteTo(packet, out var header);
            _timestamp += 960;
            SilentOpus.CopyTo(packet, header);
            if (!_out!.ProtectRtp(packet, header + SilentOpus.Length, out var length, out var error))
                throw new InvalidOperationException($"SRTP protect failed: {error}");
            return packet[..length];
        }
    }

    public async Task<HttpStatusCode> DeleteAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, Location);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task MediaLoop()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!_mediaStopped && await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            var packet = ProtectNextRtp();
            try
            {
                _socket.SendTo(packet, SocketFlags.None, _gateway!);
                Interlocked.Increment(ref _packetsSent);
            }
            catch (SocketException)
            {
                // the gateway is gone; the test decides what that means
            }
            catch (ObjectDisposedException)
            {
                return;   // disposed while a packet was on its way out
            }
        }
    }

    private async Task CheckLoop()
    {
        var buffer = new byte[256];
        var key = StunCredentials.ShortTermKey(_remotePassword!);
        while (!_stop.IsCancellationRequested)
        {
            if (_sendChecks)
            {
                var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.NewRandom());
                writer.AddUsername($"{_remoteUfrag}:{_ufrag}");
                writer.AddPriority(0x6E7F1EFF);
                writer.AddIceControlling(42);
                writer.AddUseCandidate();
                writer.AddMessageIntegrity(key);
                writer.AddFingerprint();
                try
                {
                    _socket.SendTo(buffer.AsSpan(0, writer.Length), SocketFlags.None, _gateway!);
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
            try
            {
                await Task.Delay(500, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReceiveLoop()
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            var datagram = buffer.AsSpan(0, length);
            switch (DatagramClassifier.Classify(datagram))
            {
                case DatagramKind.Dtls:
                    _channel?.TryDeliver(datagram);
                    break;
                case DatagramKind.Stun:
                    _checked.TrySetResult();
                    break;
                case DatagramKind.Rtcp when Volatile.Read(ref _in) is { } inbound:
                    if (!inbound.UnprotectRtcp(datagram, out var plain, out _)) break;
                    Interlocked.Increment(ref _rtcpReceived);
                    foreach (var packet in RtcpCompound.Enumerate(datagram[..plain]))
                    {
                        if (packet.Type == RtcpPacketType.ReceiverReport) Interlocked.Increment(ref _receiverReports);
                        else if (GenericNack.TryParse(packet.Data, out _, out _)) Interlocked.Increment(ref _nacks);
                        else if (PictureLossIndication.TryParse(packet.Data, out _, out _)) Interlocked.Increment(ref _plis);
                        else if (ReceiverEstimatedMaximumBitrate.TryParse(packet.Data, out _, out _)) Interlocked.Increment(ref _rembs);
                    }
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        foreach (var loop in _loops)
        {
            try
            {
                await loop;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                // stopped by the cancellation or the closed socket, as intended
            }
        }
        if (_dtls is not null) await _dtls.DisposeAsync();
        _channel?.Dispose();
        _out?.Dispose();
        _in?.Dispose();
        _certificate.Dispose();
        _stop.Dispose();
    }
}
