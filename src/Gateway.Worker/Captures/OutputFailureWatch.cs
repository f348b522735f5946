using Gateway.Worker.Recording;

namespace Gateway.Worker.Captures;

/// <summary>
/// Ends a capture whose every output has failed (ffmpeg died on a full disk, say): without it the source went on
/// receiving into nothing and the capture stayed "recording" for hours. Polls the sink's status on a slow tick.
/// </summary>
internal static class OutputFailureWatch
{
    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires; calls <paramref name="stop"/> once with the reason.</summary>
    public static async Task RunAsync(Func<IRecordingSink?> sink, Action<string> stop, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (sink() is not { } current || Reason(current.SnapshotOutputs()) is not { } reason) continue;
                stop(reason);
                return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the capture ended on its own
        }
    }

    /// <summary>Why nothing can be recorded any more, or null while an output still writes (or restarts).</summary>
    public static string? Reason(IReadOnlyList<OutputStatus> outputs)
    {
        if (outputs.Count == 0 || outputs.Any(o => o.State is not ("failed" or "skipped"))) return null;
        var failed = outputs.Where(o => o.State == "failed").ToList();
        if (failed.Count == 0) return null;
        var details = string.Join("; ", failed.Select(o => $"{o.Type}: {o.Error ?? "failed"}"));
        return details.Contains("No space left on device", StringComparison.Ordinal)
            ? $"The data directory's disk is full (No space left on device); every output stopped and was kept up to its last complete fragment. {details}"
            : $"Every output failed, so nothing more can be recorded. {details}";
    }
}
