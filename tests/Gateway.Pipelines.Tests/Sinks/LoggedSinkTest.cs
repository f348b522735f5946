namespace Gateway.Pipelines.Tests.Sinks;

/// <summary>A sink test's temp folder and logger; the log lines go to the test's output, then the folder is removed.</summary>
public abstract class LoggedSinkTest(Xunit.Abstractions.ITestOutputHelper log) : IDisposable
{
    protected string TempDir { get; } = TestMedia.NewTempDirectory();

    internal ListLogger Logger { get; } = new();

    public void Dispose()
    {
        foreach (var entry in Logger.Entries) log.WriteLine($"{entry.EventId} {entry.Level}: {entry.Message}");
        Directory.Delete(TempDir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
