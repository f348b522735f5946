using System.Diagnostics;
using System.Net.Sockets;
using Azure.Storage.Blobs;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// Azurite's blob service (npm, tests/peers) on a free loopback port with its data in a folder the test owns, so it
/// can be stopped mid-test and started again on the same port and data. Stopped with SIGTERM (Azurite then saves
/// its metadata) by PID, killed by PID if it does not exit.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>The published, well-known development account key of Azurite and the Storage Emulator (not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private ExternalProcess? _process;

    private AzuriteServer(string location, int port) => (Location, Port) = (location, port);

    public string Location { get; }

    public int Port { get; }

    public bool IsRunning => _process is { HasExited: false };

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public BlobServiceClient CreateClient() => new(ConnectionString);

    public static async Task<AzuriteServer> StartAsync(string location)
    {
        Directory.CreateDirectory(location);
        var server = new AzuriteServer(location, FreePorts.Tcp());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts it (again) on the same port and data folder.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning) throw new InvalidOperationException("Azurite is running already");
        var binary = Path.Combine(PeersFolder(), "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(binary)) throw new InvalidOperationException($"{binary} is missing: run 'npm ci' in tests/peers");
        // --skipApiVersionCheck: Azurite 3.35 refuses the API version Azure.Storage.Blobs 12.30 sends (facts.md).
        // --disableTelemetry: otherwise Azurite sends usage data to Application Insights, off the loopback interface.
        _process = ExternalProcess.Start(binary, ["--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", Location, "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry"]);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited) throw new InvalidOperationException($"Azurite exited: {_process.StandardError}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Azurite did not listen on {Port}: {_process.StandardError}");
    }

    /// <summary>An outage: SIGTERM to Azurite's PID, then wait until it has exited and the port is closed.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            if (Terminate(_process.Id, SignalTerminate) != 0) throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed");
            try
            {
                await _process.WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // it ignored SIGTERM: DisposeAsync kills it by PID
            }
        }
        await _process.DisposeAsync();
        _process = null;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private const int SignalTerminate = 15;

    /// <summary>kill(2): .NET's Process.Kill only sends SIGKILL, which can lose Azurite's last metadata writes.</summary>
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Terminate(int pid, int signal);

    /// <summary>tests/peers beside Gateway.sln, found by walking up from the test binaries.</summary>
    private static string PeersFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Gateway.sln"))) return Path.Combine(folder.FullName, "tests", "peers");
        }
        throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);
    }
}
