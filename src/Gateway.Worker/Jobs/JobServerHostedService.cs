using Gateway.Worker.Options;
using Gateway.Worker.Scheduling;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Worker.Jobs;

/// <summary>
/// Runs this node's Hangfire server (workers, delayed and recurring job schedulers) once the job storage opens,
/// retrying while it cannot. Jobs are activated from this host's container, never Hangfire's static activator.
/// </summary>
public sealed class JobServerHostedService(
    JobStorageProvider storage, IServiceScopeFactory scopes, IOptions<HangfireOptions> options, TimeProvider time,
    ILogger<JobServerHostedService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        JobStorage? jobStorage;
        while (!storage.TryGet(out jobStorage)) await Task.Delay(RetryInterval, time, stoppingToken).ConfigureAwait(false);

        var serverOptions = new BackgroundJobServerOptions
        {
            ServerName = $"gateway:{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}",
            // Firing jobs only create a capture and return; a few workers keep up with any schedule.
            WorkerCount = Math.Max(2, Environment.ProcessorCount),
            SchedulePollingInterval = options.Value.PollingInterval,
            Activator = new AspNetCoreJobActivator(scopes),
            FilterProvider = JobFilterProviders.Providers,
            TimeZoneResolver = new DefaultTimeZoneResolver(),
        };
        using var server = new BackgroundJobServer(serverOptions, jobStorage, []);
        logger.JobServerStarted(serverOptions.ServerName, storage.Kind);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            server.SendStop();
            await server.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
