using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Gateway.Rtc.Dtls;
using Gateway.Rtc.Transport;
using Gateway.Rtc.WebRtc;
using Gateway.Worker.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Worker.WebRtc;

/// <summary>
/// The worker's WebRTC endpoint: the one shared UDP port (Gateway:WebRtc:UdpPort), the DTLS certificate every answer
/// names, and the host candidates. Sources register their peers here and get their decrypted media back.
/// Started before the capture manager, so it stops after every capture has finished.
/// </summary>
public sealed class WebRtcHost(IOptions<WebRtcOptions> options, TimeProvider time, ILogger<WebRtcHost> logger) : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<WebRtcPeer, IPeerMediaSink> _sinks = new(ReferenceEqualityComparer.Instance);
    private SharedUdpPort? _port;
    private DtlsCertificate? _certificate;
    private Meter? _meter;

    public DtlsCertificate Certificate => _certificate ?? throw NotStarted();

    /// <summary>The host candidates (address and the bound port) every answer lists.</summary>
    public IReadOnlyList<IPEndPoint> Candidates { get; private set; } = [];

    public IPEndPoint LocalEndPoint => (_port ?? throw NotStarted()).LocalEndPoint;

    /// <summary>Datagrams on the shared port that belonged to no session or did not verify.</summary>
    public long Dropped => _port?.Dropped ?? 0;

    private IEnumerable<Measurement<long>> ObserveDrops()
    {
        if (_port is not { } port) yield break;
        foreach (var reason in Enum.GetValues<PortDropReason>())
            yield return new Measurement<long>(port.DroppedBy(reason), new KeyValuePair<string, object?>("reason", ReasonTag(reason)));
    }

    private static string ReasonTag(PortDropReason reason) => reason switch
    {
        PortDropReason.UnknownSender => "unknown_sender",
        PortDropReason.StunUnanswered => "stun_unanswered",
        PortDropReason.DtlsRefused => "dtls_refused",
        PortDropReason.SrtpFailed => "srtp_failed",
        PortDropReason.SendFailed => "send_failed",
        _ => "unclassified",
    };

    public int Peers => _sinks.Count;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var addresses = HostCandidates.Resolve(settings.Addresses);
        _certificate = DtlsCertificate.Generate(time);
        _port = new SharedUdpPort(BindAddress(addresses, settings.UdpPort), OnMedia, time);
        var port = _port.LocalEndPoint.Port;
        Candidates = addresses.Select(a => new IPEndPoint(a, port)).ToList();
        _port.Start();
        // Floods of garbage on the shared port are visible at /metrics, not only in a test's view of this object.
        _meter = new Meter("Gateway.WebRtc");
        _meter.CreateObservableCounter("gateway.webrtc.dropped_datagrams", ObserveDrops, "{datagram}",
            "Datagrams on the shared WebRTC port that belonged to no session or did not verify, and failed sends, by reason");
        logger.WebRtcListening(_port.LocalEndPoint, string.Join(", ", addresses));
        if (addresses.Count == 0) logger.NoHostCandidates();
        // Linux reports twice what it accounts for; half of the request is already far more than a default buffer.
        if (_port.ReceiveBufferBytes < SharedUdpPort.DefaultReceiveBufferBytes / 2)
            logger.SmallReceiveBuffer(_port.ReceiveBufferBytes, SharedUdpPort.DefaultReceiveBufferBytes);
        return Task.CompletedTask;
    }

    public void Register(WebRtcPeer peer, IPeerMediaSink sink)
    {
        _sinks[peer] = sink;
        (_port ?? throw NotStarted()).Add(peer);
    }

    public void Unregister(WebRtcPeer peer)
    {
        _port?.Remove(peer);
        _sinks.TryRemove(peer, out _);
    }

    /// <summary>Synchronous send from the shared socket; the caller may reuse <paramref name="datagram"/> afterwards.</summary>
    public void SendTo(ReadOnlyMemory<byte> datagram, IPEndPoint remote) => _port?.SendTo(datagram, remote);

    private void OnMedia(WebRtcPeer peer, bool isRtcp, byte[] buffer, int length, long receivedAt)
    {
        if (_sinks.TryGetValue(peer, out var sink)) sink.OnMedia(isRtcp, buffer, length, receivedAt);
        else DatagramPool.Shared.Return(buffer);
    }

    /// <summary>
    /// Only a loopback address advertised: bind just it (nothing outside the host can reach the port). Otherwise every
    /// interface — an advertised address may be a public one the host does not own (NAT) — both families when the
    /// host has IPv6.
    /// </summary>
    private static IPEndPoint BindAddress(IReadOnlyList<IPAddress> addresses, int port)
    {
        if (addresses.Count == 1 && IPAddress.IsLoopback(addresses[0])) return new IPEndPoint(addresses[0], port);
        return Socket.OSSupportsIPv6 ? new IPEndPoint(IPAddress.IPv6Any, port) : new IPEndPoint(IPAddress.Any, port);
    }

    private static InvalidOperationException NotStarted() => new("The WebRTC host has not started.");

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    /// <summary>Safe to call from host stop and container disposal at once: each resource is taken exactly once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _port, null) is { } port) await port.DisposeAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _certificate, null)?.Dispose();
        Interlocked.Exchange(ref _meter, null)?.Dispose();
    }
}
