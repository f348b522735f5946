using Hangfire;

namespace Gateway.Worker.Jobs;

/// <summary>
/// The few Hangfire settings that are process-wide statics. They are the same for every host in the process, so
/// setting them again is harmless.
/// </summary>
internal static class JobsConfiguration
{
    private static int _configured;

    public static void EnsureGlobalSettings()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1) return;
        // Version_180 payloads are the compact ones; simple assembly names keep stored jobs valid across our own
        // version bumps (the job type is found by name, not by exact assembly version).
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();
    }
}
