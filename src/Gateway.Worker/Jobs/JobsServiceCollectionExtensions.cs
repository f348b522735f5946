using Gateway.Worker.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Worker.Jobs;

/// <summary>Hangfire (storage, server) and the schedules built on it.</summary>
public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayJobs(this IServiceCollection services)
    {
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
