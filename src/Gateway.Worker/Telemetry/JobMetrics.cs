using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Worker.Telemetry;

/// <summary>How long background jobs (schedule firings, upload resumes) take, by job and outcome.</summary>
public static class JobMetrics
{
    public const string MeterName = "Gateway.Jobs";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("gateway.job.duration", "s",
        "Duration of background jobs, tagged job and outcome");

    /// <summary>Times <paramref name="run"/> and records it with <paramref name="job"/> and ok/error.</summary>
    public static async Task<T> MeasureAsync<T>(string job, Func<Task<T>> run)
    {
        long started = Stopwatch.GetTimestamp();
        string outcome = "error";
        try
        {
            var result = await run().ConfigureAwait(false);
            outcome = "ok";
            return result;
        }
        finally
        {
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
