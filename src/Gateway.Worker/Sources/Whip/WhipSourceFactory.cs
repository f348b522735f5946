using System.Security.Cryptography;
using Gateway.Worker.Captures;
using Gateway.Worker.WebRtc;
using Microsoft.Extensions.Logging;

namespace Gateway.Worker.Sources.Whip;

/// <summary>
/// Opens WHIP sources (source.type "whip"): nothing is bound per capture — publishers reach the shared WebRTC port —
/// so opening only mints the capture's bearer token, a random 128-bit value.
/// </summary>
public sealed class WhipSourceFactory(WebRtcHost host, WhipSourceOptions options, TimeProvider time, ILoggerFactory loggers,
    Viewers.LiveMediaRegistry? viewers = null) : ICaptureSourceFactory
{
    public string Type => "whip";

    public Task<ICaptureSource> OpenAsync(string captureId, SourceSpec spec, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        ICaptureSource source = new WhipCaptureSource(captureId, token, host, options, time, loggers.CreateLogger<WhipCaptureSource>(), viewers);
        return Task.FromResult(source);
    }
}
