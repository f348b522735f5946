using System.Text.Json.Nodes;
using Gateway.Worker.Captures;
using Gateway.Worker.WebRtc;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Sources.Janus;

/// <summary>
/// Opens Janus sources (source.type "janus"). Nothing is contacted here: the connection, the room and the
/// subscriptions belong to the capture's run, so an unreachable server or a wrong room fails the capture with the
/// reason instead of failing the request.
/// </summary>
public sealed class JanusSourceFactory(WebRtcHost host, JanusSourceOptions options, TimeProvider time, ILoggerFactory loggers) : ICaptureSourceFactory
{
    public string Type => "janus";

    public Task<ICaptureSource> OpenAsync(string captureId, SourceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Uri.TryCreate(spec.Url, UriKind.Absolute, out var url) || url.Scheme is not ("ws" or "wss"))
            throw new SourceRejectedException("source.url", "A janus source needs the Janus WebSocket URL (ws:// or wss://).");
        if (spec.Room is not { } room) throw new SourceRejectedException("source.room", "A janus source needs the room number.");
        ICaptureSource source = new JanusCaptureSource(captureId, url, room, spec.Pin, ParticipantFilter(spec.Participants), host, options, time,
            loggers.CreateLogger<JanusCaptureSource>());
        return Task.FromResult(source);
    }

    /// <summary>"all" (or nothing): everyone; a list: the publishers with those display names or feed ids.</summary>
    internal static IReadOnlySet<string>? ParticipantFilter(JsonNode? participants) => participants switch
    {
        JsonArray list => list.Select(n => n?.ToString() ?? "").ToHashSet(StringComparer.Ordinal),
        _ => null,
    };
}
