using Gateway.Worker.Captures;
using Gateway.Worker.WebRtc;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Sources.Whep;

/// <summary>
/// Opens WHEP client sources (source.type "whep"). Nothing is bound until the capture runs: the connection (and any
/// failure to make it) belongs to the capture's run, where its reason lands in the capture resource. Owns the one
/// HttpClient every WHEP source shares (no redirects: an offer carrying a bearer token goes only where it was told).
/// </summary>
public sealed class WhepSourceFactory(WebRtcHost host, WhepSourceOptions options, TimeProvider time, ILoggerFactory loggers,
    Viewers.LiveMediaRegistry? viewers = null) : ICaptureSourceFactory, IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = options.HttpTimeout, AllowAutoRedirect = false });

    public string Type => "whep";

    public Task<ICaptureSource> OpenAsync(string captureId, SourceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Uri.TryCreate(spec.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new SourceRejectedException("source.url", "A whep source needs the WHEP endpoint's absolute http:// or https:// URL.");
        ICaptureSource source = new WhepCaptureSource(captureId, url, spec.BearerToken, host, _http, options, time,
            loggers.CreateLogger<WhepCaptureSource>(), viewers);
        return Task.FromResult(source);
    }

    public void Dispose() => _http.Dispose();
}
