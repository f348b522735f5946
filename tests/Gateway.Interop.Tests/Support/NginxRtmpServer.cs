using System.Net.Sockets;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// nginx with libnginx-mod-rtmp on 127.0.0.1 and a free port (peers.md recipe 5), in the foreground so the test owns
/// its pid: application <c>live</c> records every published stream as FLV (<c>record_unique</c>: one file per
/// publish). Can be stopped and started again on the same port, to play a restarting server.
/// </summary>
public sealed class NginxRtmpServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _config;
    private ExternalProcess? _process;

    private NginxRtmpServer(string directory)
    {
        _directory = directory;
        Port = FreePorts.Tcp();
        foreach (var sub in new[] { "logs", "rec", "tmp" }) Directory.CreateDirectory(Path.Combine(directory, sub));
        _config = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(_config, $$"""
            load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
            daemon off;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/logs/error.log warn;
            worker_processes 1;
            events { worker_connections 64; }
            rtmp { server { listen 127.0.0.1:{{Port}}; chunk_size 4096;
              application live { live on; record all; record_path {{RecordingFolder}}; record_unique on; } } }
            http { access_log off; client_body_temp_path {{directory}}/tmp; proxy_temp_path {{directory}}/tmp;
              fastcgi_temp_path {{directory}}/tmp; uwsgi_temp_path {{directory}}/tmp; scgi_temp_path {{directory}}/tmp;
              server { listen 127.0.0.1:{{FreePorts.Tcp()}}; location / { return 404; } } }
            """);
    }

    public int Port { get; }

    public string RecordingFolder => Path.Combine(_directory, "rec");

    /// <summary>The publish URL for <paramref name="streamKey"/>.</summary>
    public string Url(string streamKey) => $"rtmp://127.0.0.1:{Port}/live/{streamKey}";

    /// <summary>FLV files recorded so far, oldest first.</summary>
    public IReadOnlyList<string> Recordings => Directory.GetFiles(RecordingFolder, "*.flv").Order(StringComparer.Ordinal).ToList();

    public string ErrorLog => File.Exists(Path.Combine(_directory, "logs", "error.log")) ? File.ReadAllText(Path.Combine(_directory, "logs", "error.log")) : "";

    public static async Task<NginxRtmpServer> StartAsync(string directory)
    {
        var server = new NginxRtmpServer(directory);
        // nginx's workers run as nobody: they write the recordings and must reach the folder.
        var (exit, _, stderr) = await ExternalProcess.RunAsync("chmod", ["777", server.RecordingFolder], TimeSpan.FromSeconds(10));
        if (exit != 0) throw new InvalidOperationException("chmod: " + stderr);
        await ExternalProcess.RunAsync("chmod", ["755", directory], TimeSpan.FromSeconds(10));
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        _process = ExternalProcess.Start("nginx", ["-c", _config, "-p", _directory + "/"]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await AcceptsAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"nginx did not start: {_process.StandardError} {ErrorLog}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Fast shutdown (SIGTERM), like a crashing or restarted server: publishers' connections drop at once. Waits for
    /// the master to exit.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited) System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(20));
        await _process.DisposeAsync();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (_process is not null) await _process.DisposeAsync();
        }
    }

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
