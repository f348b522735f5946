using Gateway.Api.Health;
using Gateway.Worker.Jobs;
using Hangfire;
using Hangfire.Dashboard;

namespace Gateway.Api.Hangfire;

/// <summary>The Hangfire dashboard at <c>/hangfire</c>, behind the same access policy as <c>/v1</c>.</summary>
public static class DashboardExtensions
{
    public const string Path = "/hangfire";

    public static IServiceCollection AddGatewayDashboard(this IServiceCollection services)
    {
        // The dashboard checks Hangfire's antiforgery token on its POSTs (delete, requeue) when IAntiforgery is
        // registered. That matters because browsers resend Basic credentials on cross-site requests.
        services.AddAntiforgery();
        services.AddHealthChecks().AddCheck<JobStorageHealthCheck>(JobStorageHealthCheck.Name, tags: [HealthTags.Ready]);
        return services;
    }

    /// <summary>
    /// Maps the dashboard as a branch built on the first request, because the job storage may open only later (the
    /// database was down at start); until then the branch answers 503.
    /// </summary>
    public static WebApplication MapGatewayDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var storage = app.Services.GetRequiredService<JobStorageProvider>();
        var options = new DashboardOptions
        {
            Authorization = [new TrustAccessPolicyFilter()],
            AsyncAuthorization = [],
            DisplayStorageConnectionString = false,   // a PostgreSQL connection string can carry a password
            DashboardTitle = "Gateway jobs",
            AppPath = null,
            TimeZoneResolver = new DefaultTimeZoneResolver(),
        };
        app.Map(Path, branch =>
        {
            var inner = branch.New();
            RequestDelegate? dashboard = null;
            var gate = new Lock();
            branch.Run(async context =>
            {
                if (!storage.TryGet(out var jobStorage))
                {
                    await Results.Problem("The job storage cannot be reached right now; see /readyz.",
                        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Job storage unavailable").ExecuteAsync(context);
                    return;
                }
                if (await DashboardRequestGuard.RejectAsync(context)) return;
                lock (gate)
                {
                    dashboard ??= inner
                        .UseMiddleware<global::Hangfire.Dashboard.AspNetCoreDashboardMiddleware>(jobStorage, options, DashboardRoutes.Routes)
                        .Build();
                }
                await dashboard(context);
            });
        });
        return app;
    }
}
