namespace Gateway.Worker.Captures;

/// <summary>The result of asking for a new capture.</summary>
public abstract record CreateOutcome
{
    private CreateOutcome() { }

    public sealed record Created(CaptureRecord Capture) : CreateOutcome;

    /// <summary>Bad input: field → messages, for a 400 validation problem. Nothing was created.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : CreateOutcome;

    /// <summary>The request is valid but this gateway cannot serve it (e.g. a source type not built yet).</summary>
    public sealed record Unsupported(string Detail) : CreateOutcome;

    public sealed record AtCapacity(TimeSpan RetryAfter) : CreateOutcome;

    /// <summary>The data directory's disk is below Gateway:MinFreeDiskMegabytes: nothing new is recorded until space returns.</summary>
    public sealed record InsufficientStorage(string Detail) : CreateOutcome;
}
