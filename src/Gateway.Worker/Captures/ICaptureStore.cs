namespace Gateway.Worker.Captures;

/// <summary>Durable capture records, so finished captures are still listed after a restart.</summary>
public interface ICaptureStore
{
    /// <summary>Writes the capture atomically: a crash leaves the old or the new version, never half of one.</summary>
    Task SaveAsync(StoredCapture capture, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredCapture>> LoadAllAsync(CancellationToken cancellationToken);

    /// <summary>The folder that holds this capture's files.</summary>
    string DirectoryFor(string captureId);
}
