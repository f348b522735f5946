using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// The gateway as a real child process (dotnet Gateway.Api.dll) on a data directory, so a test can kill -9 it, send it
/// SIGTERM, or start it again on the same data. Disposing kills what is left.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ExternalProcess _process;

    private GatewayProcess(ExternalProcess process, HttpClient http) => (_process, Http) = (process, http);

    public HttpClient Http { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => _process.StandardOutput + _process.StandardError;

    /// <summary>Starts on 127.0.0.1:<paramref name="port"/> and waits for /healthz.</summary>
    public static async Task<GatewayProcess> StartAsync(string data, int port, params string[] settings)
    {
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "Gateway.Api.dll"), "--urls", $"http://127.0.0.1:{port}",
            "--Gateway:DataDirectory", data, "--Gateway:WebRtc:UdpPort", "0", "--Gateway:WebRtc:Addresses:0", "127.0.0.1",
            "--Gateway:MinFreeDiskMegabytes", "0", "--Gateway:StopFreeDiskMegabytes", "0", "--Logging:LogLevel:Default", "Warning",
            .. settings,
        ];
        var process = ExternalProcess.Start("dotnet", arguments);
        var gateway = new GatewayProcess(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) });
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await gateway.Http.GetAsync("/healthz")).IsSuccessStatusCode) return gateway;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (process.HasExited) break;
            await Task.Delay(50);
        }
        var output = gateway.Output;
        await gateway.DisposeAsync();
        throw new InvalidOperationException("the gateway did not become healthy: " + output);
    }

    public async Task<JsonNode> CreateCaptureAsync(object request)
    {
        using var response = await Http.PostAsJsonAsync("/v1/captures", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public async Task<JsonNode> GetCaptureAsync(string id) => JsonNode.Parse(await Http.GetStringAsync($"/v1/captures/{id}"))!;

    /// <summary>kill -9: no shutdown code runs.</summary>
    public Task KillAsync() => SignalAsync("-9");

    /// <summary>SIGTERM: the host's graceful shutdown.</summary>
    public Task TerminateAsync() => SignalAsync("-TERM");

    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    private async Task SignalAsync(string signal)
    {
        var (exit, _, error) = await ExternalProcess.RunAsync("kill", [signal, Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
        Assert.True(exit == 0, error);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }
}
