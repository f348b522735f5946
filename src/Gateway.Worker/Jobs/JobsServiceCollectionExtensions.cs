using Gateway.Worker.Options;
using Gateway.Worker.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Worker.Jobs;

/// <summary>Hangfire (storage, server) and the schedules built on it.</summary>
public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayJobs(this IServiceCollection services)
    {
        // Hangfire triggers a recurring occurrence up to two polls late; a tolerance below that would mark on-time
        // firings missed. (AddGatewayOptions binds the section.)
        services.AddOptions<HangfireOptions>()
            .ValidateDataAnnotations()
            .Validate(o => o.MissedFiringTolerance >= 2 * o.PollingInterval,
                "Gateway:Hangfire:MissedFiringTolerance must be at least twice Gateway:Hangfire:PollingInterval.")
            .ValidateOnStart();
        services.AddSingleton<JobStorageProvider>();
        services.AddSingleton<ScheduleStore>();
        services.AddSingleton<ScheduleManager>();
        services.AddTransient<ScheduleFiringJob>();
        services.AddSingleton<MissedFiringAuditor>();
        services.AddHostedService<JobServerHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<MissedFiringAuditor>());
        return services;
    }
}
