using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gateway.Rtc.Sdp;

namespace Gateway.Worker.Sources.Rtp;

/// <summary>
/// The ports of rtp captures that were running when the gateway died, bound again at the very start of the next
/// process (before the host is built), so the kernel queues what senders send while the gateway starts up; the
/// resumed source takes these sockets over and reads the queue. Without it, everything sent during startup (seconds on
/// a busy machine) was lost. Ports no capture claims are released once recovery is done.
/// </summary>
public sealed class HeldRtpPorts : IDisposable
{
    private readonly ConcurrentDictionary<IPEndPoint, Socket> _sockets = new();

    public int Count => _sockets.Count;

    /// <summary>Binds every port named by an unfinished rtp capture's answer SDP under <paramref name="dataDirectory"/>.</summary>
    public static HeldRtpPorts Hold(string dataDirectory)
    {
        var held = new HeldRtpPorts();
        var root = Path.Combine(Path.GetFullPath(dataDirectory), "captures");
        if (!Directory.Exists(root)) return held;
        foreach (var file in Directory.EnumerateFiles(root, "capture.json", SearchOption.AllDirectories))
        {
            foreach (var endPoint in EndPoints(file)) held.TryBind(endPoint);
        }
        return held;
    }

    /// <summary>The held socket for this address and port, now owned by the caller; false if none is held.</summary>
    public bool TryTake(IPAddress address, int port, out Socket socket) => _sockets.TryRemove(new IPEndPoint(address, port), out socket!);

    /// <summary>Closes what no resumed capture took.</summary>
    public void ReleaseUnclaimed()
    {
        foreach (var key in _sockets.Keys)
            if (_sockets.TryRemove(key, out var socket)) socket.Dispose();
    }

    public void Dispose() => ReleaseUnclaimed();

    private void TryBind(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = 1 << 20;   // as UdpPortBinder: seconds of media wait here during startup
            socket.Bind(endPoint);
            if (!_sockets.TryAdd(endPoint, socket)) socket.Dispose();
        }
        catch (SocketException)
        {
            socket.Dispose();   // taken by someone else: the resume will report it
        }
    }

    /// <summary>RTP port and the one above (RTCP, or harmlessly unused with rtcp-mux) of every m= line.</summary>
    private static IEnumerable<IPEndPoint> EndPoints(string file)
    {
        string? sdp;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = document.RootElement;
            var record = root.GetProperty("record");
            var state = record.GetProperty("state").ToString();
            var type = root.GetProperty("spec").GetProperty("source").GetProperty("type").GetString();
            if (state is "completed" or "failed" or "Completed" or "Failed" || type != "rtp") yield break;
            sdp = record.GetProperty("source").GetProperty("answerSdp").GetString();
        }
        catch (Exception ex) when (ex is JsonException or IOException or KeyNotFoundException or InvalidOperationException or UnauthorizedAccessException)
        {
            yield break;   // recovery reports unreadable records; holding ports is only an optimisation
        }
        if (sdp is null || !SdpMessage.TryParse(sdp, out var message, out _)) yield break;
        foreach (var media in message.Media)
        {
            var connection = media.Connection ?? message.Connection;
            if (media.Port == 0 || connection is null || !IPAddress.TryParse(connection.Address, out var address)) continue;
            yield return new IPEndPoint(address, media.Port);
            if (media.Port < 65535) yield return new IPEndPoint(address, media.Port + 1);
        }
    }
}
