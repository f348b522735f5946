namespace Gateway.Interop.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster on 127.0.0.1 (peers.md §7): initdb and pg_ctl run as the postgres user (initdb
/// refuses root) in a temp folder, on a port from the kernel, with fsync off. Stopped and removed on dispose, and
/// also when starting fails half way.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);
    private readonly string _bin;
    private readonly string _directory;
    private bool _started;

    private PostgresServer(string bin, string directory, int port) => (_bin, _directory, Port) = (bin, directory, port);

    public int Port { get; }

    public string ConnectionString(string database = "hangfire") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=10";

    /// <summary>The newest installed server's bin folder, or null when Debian's postgresql is not installed.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    public static async Task<PostgresServer> StartAsync(params string[] databases)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException("PostgreSQL is not installed: apt-get install -y postgresql");
        // Every parent must be traversable by postgres: /tmp is; the folder itself is handed over to it.
        var directory = Path.Combine("/tmp", "gateway-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var server = new PostgresServer(bin, directory, FreePorts.Tcp());
        try
        {
            await Run("chown", ["postgres:postgres", directory]);
            await RunAsPostgres(Path.Combine(bin, "initdb"), ["-D", server.DataPath, "-A", "trust", "-U", "postgres", "--no-sync"]);
            server._started = true;   // from here on, dispose stops it
            await RunAsPostgres(Path.Combine(bin, "pg_ctl"), ["-D", server.DataPath, "-l", Path.Combine(directory, "pg.log"), "-w", "-t", "60",
                "-o", $"-p {server.Port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"]);
            foreach (var database in databases)
                await Run("psql", ["-h", "127.0.0.1", "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-c", $"create database {database}"]);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private string DataPath => Path.Combine(_directory, "data");

    /// <summary>The server log, for failure messages.</summary>
    public string Log => File.Exists(Path.Combine(_directory, "pg.log")) ? File.ReadAllText(Path.Combine(_directory, "pg.log")) : "";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started && File.Exists(Path.Combine(DataPath, "postmaster.pid")))
                await RunAsPostgres(Path.Combine(_bin, "pg_ctl"), ["-D", DataPath, "-m", "immediate", "-w", "-t", "30", "stop"]);
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("GATEWAY_KEEP_TEST_FILES") is null && Directory.Exists(_directory))
                Directory.Delete(_directory, recursive: true);
        }
    }

    private static Task RunAsPostgres(string program, string[] arguments) => Run("runuser", ["-u", "postgres", "--", program, .. arguments]);

    private static async Task Run(string program, string[] arguments)
    {
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync(program, arguments, StepTimeout);
        if (exit != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {exit}: {stdout} {stderr}");
    }
}
