using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Api.Tests.Infrastructure;

/// <summary>
/// The real Program with test settings: a fresh temp data directory (deleted on dispose), optional settings,
/// a remote address for every request, test-only endpoints under /v1/test and an in-memory log.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;

    private readonly Action<IServiceCollection>? _configureServices;

    public GatewayFactory(IDictionary<string, string?>? settings = null, IPAddress? remoteAddress = null, string environment = "Production",
        Action<IServiceCollection>? configureServices = null)
    {
        _configureServices = configureServices;
        DataDirectory = Directory.CreateTempSubdirectory("gateway-api-tests-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = DataDirectory,
            // Many hosts run at once: each takes a free WebRTC port and advertises loopback only.
            ["Gateway:WebRtc:UdpPort"] = "0",
            ["Gateway:WebRtc:Addresses:0"] = "127.0.0.1",
            // A test machine may have little disk left; tests of the free-disk limits set their own thresholds.
            ["Gateway:MinFreeDiskMegabytes"] = "0",
            ["Gateway:StopFreeDiskMegabytes"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null) _settings.Remove(key); // null: leave the setting at its default
            else _settings[key] = value;
        }
        RemoteAddress = remoteAddress;
        _environment = environment;
    }

    public string DataDirectory { get; }
    public IPAddress? RemoteAddress { get; }
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter>(new TestPipelineFilter(RemoteAddress));
            _configureServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }

    /// <summary>Starts a host with <paramref name="settings"/> and returns why it failed to start, or null.</summary>
    public static string? StartupFailure(IDictionary<string, string?> settings)
    {
        // A host that fails to start is torn down by WebApplicationFactory, and now and then that teardown races the
        // startup exception and only "Cannot access a disposed object" comes out. That says nothing about the
        // settings, so try again (a fresh host) until the real reason shows.
        for (var attempt = 0; ; attempt++)
        {
            using var factory = new GatewayFactory(settings);
            try
            {
                using var client = factory.CreateClient();
                return null;
            }
            catch (Exception ex)
            {
                var reasons = Flatten(ex).ToList();
                if (attempt < 4 && reasons.All(e => e is ObjectDisposedException or AggregateException)) continue;
                return string.Join(" | ", reasons.Select(e => e.Message));
            }
        }
    }

    private static IEnumerable<Exception> Flatten(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
        }
    }
}
