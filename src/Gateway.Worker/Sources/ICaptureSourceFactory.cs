using Gateway.Worker.Captures;

namespace Gateway.Worker.Sources;

/// <summary>Opens the source of one type ("rtp", "whip", ...). One implementation per type, chosen by <see cref="Type"/>.</summary>
public interface ICaptureSourceFactory
{
    string Type { get; }

    /// <summary>Binds what the source needs. Throws <see cref="SourceRejectedException"/> for input it cannot serve.</summary>
    Task<ICaptureSource> OpenAsync(string captureId, SourceSpec spec, CancellationToken cancellationToken);
}
