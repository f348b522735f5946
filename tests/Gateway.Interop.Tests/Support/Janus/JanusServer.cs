using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Interop.Tests.Support.Janus;

/// <summary>
/// Debian's Janus (peers.md §4) with only the VideoRoom plugin and the WebSocket transport on 127.0.0.1, one static
/// room, and a veth pair of its own: libnice ignores loopback, so Janus gathers its one ICE candidate on the veth
/// address (<see cref="IceAddress"/>) — which the gateway must advertise too, so the two can reach each other. Both
/// veth ends stay in the test's network namespace; the pair is deleted and Janus killed on dispose.
/// </summary>
public sealed class JanusServer : IAsyncDisposable
{
    private readonly ExternalProcess _process;
    private readonly TempDirectory _directory;
    private readonly string _veth;

    private JanusServer(ExternalProcess process, TempDirectory directory, string veth, int wsPort, IPAddress iceAddress, long room) =>
        (_process, _directory, _veth, WebSocketUrl, IceAddress, Room) = (process, directory, veth, new Uri($"ws://127.0.0.1:{wsPort}/"), iceAddress, room);

    public Uri WebSocketUrl { get; }

    /// <summary>The veth address: Janus's only ICE candidate, and the one the gateway must advertise.</summary>
    public IPAddress IceAddress { get; }

    public long Room { get; }

    public string Log => _process.StandardOutput + _process.StandardError;

    /// <summary>
    /// Refuses to run unless the process is in a network namespace of its own (only <c>lo</c> and earlier test veths):
    /// on the host a veth with a 10.x address would be visible to the machine's real network.
    /// </summary>
    public static async Task<JanusServer> StartAsync(long room = 1234)
    {
        // /proc/self/net/dev lists this namespace's interfaces (/sys/class/net may still show the host's).
        var foreign = File.ReadAllLines("/proc/self/net/dev").Skip(2).Select(l => l.Split(':')[0].Trim())
            .Where(n => n != "lo" && !n.StartsWith("vj", StringComparison.Ordinal)).ToList();
        if (foreign.Count > 0)
            throw new InvalidOperationException($"Janus tests create a veth pair and must run inside `unshare -n` (found interfaces: {string.Join(", ", foreign)})");

        var id = Random.Shared.Next(1, 250);
        var veth = $"vj{id}a";
        await RunAsync("ip", ["link", "add", veth, "type", "veth", "peer", "name", $"vj{id}b"]);
        var address = IPAddress.Parse($"10.98.{id}.1");
        await RunAsync("ip", ["addr", "add", $"{address}/24", "dev", veth]);
        await RunAsync("ip", ["link", "set", veth, "up"]);
        await RunAsync("ip", ["link", "set", $"vj{id}b", "up"]);

        var directory = new TempDirectory("gateway-janus");
        var wsPort = FreePorts.Tcp();
        var rtpLow = FreePorts.UdpPair();
        string I(long v) => v.ToString(CultureInfo.InvariantCulture);
        var lib = "/usr/lib/x86_64-linux-gnu/janus";
        foreach (var folder in new[] { "conf", "plugins", "transports", "empty" }) Directory.CreateDirectory(directory.File(folder));
        File.CreateSymbolicLink(directory.File("plugins/libjanus_videoroom.so"), $"{lib}/plugins/libjanus_videoroom.so");
        File.CreateSymbolicLink(directory.File("transports/libjanus_websockets.so"), $"{lib}/transports/libjanus_websockets.so");
        File.WriteAllText(directory.File("conf/janus.jcfg"), $$"""
            general: { configs_folder = "{{directory.File("conf")}}" plugins_folder = "{{directory.File("plugins")}}"
                       transports_folder = "{{directory.File("transports")}}" events_folder = "{{directory.File("empty")}}"
                       loggers_folder = "{{directory.File("empty")}}" debug_level = 5 session_timeout = 60 }
            media: { rtp_port_range = "{{I(rtpLow)}}-{{I(rtpLow + 99)}}" }
            nat: { ice_enforce_list = "{{veth}}" ignore_mdns = true }
            """);
        File.WriteAllText(directory.File("conf/janus.transport.websockets.jcfg"),
            $"general: {{ json = \"indented\", ws = true, ws_port = {I(wsPort)}, ws_ip = \"127.0.0.1\", wss = false }}\nadmin: {{ admin_ws = false }}\n");
        File.WriteAllText(directory.File("conf/janus.plugin.videoroom.jcfg"), $$"""
            general: { }
            room-{{I(room)}}: { description = "gateway test" publishers = 8 bitrate = 1000000 videocodec = "vp8" audiocodec = "opus" }
            """);
        var process = ExternalProcess.Start("janus", ["-F", directory.File("conf"), "-o"]);
        var server = new JanusServer(process, directory, veth, wsPort, address, room);
        try
        {
            await server.WaitForWebSocketAsync(wsPort);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitForWebSocketAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"janus exited: {Log}");
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"janus did not listen on {port}: {Log}");
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var (exit, _, stderr) = await ExternalProcess.RunAsync(file, arguments, TimeSpan.FromSeconds(10));
        if (exit != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            await ExternalProcess.RunAsync("ip", ["link", "del", _veth], TimeSpan.FromSeconds(10));   // takes its peer along
        }
        catch (TimeoutException)
        {
            // the namespace goes away with the test run anyway
        }
        _directory.Dispose();
    }
}
