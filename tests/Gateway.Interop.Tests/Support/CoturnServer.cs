using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// coturn on 127.0.0.1 (peers.md §8) with one static long-term user, relay ports from a free range, loopback peers
/// allowed (coturn refuses them by default), logging to stdout so tests can read what it did. Killed on dispose.
/// </summary>
public sealed class CoturnServer : IAsyncDisposable
{
    public const string Realm = "gateway.test";
    private readonly ExternalProcess _process;
    private readonly TempDirectory _directory;

    private CoturnServer(ExternalProcess process, TempDirectory directory, int port, string username, string password) =>
        (_process, _directory, Port, Username, Password) = (process, directory, port, username, password);

    public int Port { get; }
    public string Username { get; }
    public string Password { get; }
    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>Everything coturn logged so far.</summary>
    public string Log => _process.StandardOutput + _process.StandardError;

    public static async Task<CoturnServer> StartAsync(string username = "gateway", string password = "relay-secret")
    {
        var directory = new TempDirectory("gateway-coturn");
        int port = FreePorts.UdpPair();
        int relayLow = FreePorts.UdpPair();
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        File.WriteAllLines(directory.File("turnserver.conf"),
        [
            "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", $"listening-port={I(port)}",
            $"min-port={I(relayLow)}", $"max-port={I(relayLow + 1)}",
            "lt-cred-mech", $"user={username}:{password}", $"realm={Realm}",
            "no-cli", "no-tls", "no-dtls", "no-tcp", "no-tcp-relay", "no-multicast-peers", "allow-loopback-peers",
            $"pidfile={directory.File("turnserver.pid")}", "log-file=stdout", "simple-log", "verbose",
        ]);
        var process = ExternalProcess.Start("turnserver", ["-c", directory.File("turnserver.conf")]);
        var server = new CoturnServer(process, directory, port, username, password);
        try
        {
            await server.WaitUntilAnsweringAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>A STUN Binding request answered means coturn is listening.</summary>
    private async Task WaitUntilAnsweringAsync()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var request = new byte[20];
        request[1] = 0x01;                                            // Binding request, no attributes
        new byte[] { 0x21, 0x12, 0xA4, 0x42 }.CopyTo(request, 4);
        Random.Shared.NextBytes(request.AsSpan(8, 12));
        var answer = new byte[1500];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"turnserver exited: {Log}");
            await socket.SendToAsync(request, SocketFlags.None, EndPoint);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                await socket.ReceiveFromAsync(answer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // not listening yet
            }
        }
        throw new TimeoutException($"turnserver did not answer on {EndPoint}: {Log}");
    }
}
