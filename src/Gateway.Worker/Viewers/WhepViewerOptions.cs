using Gateway.Rtc.Dtls;

namespace Gateway.Worker.Viewers;

/// <summary>Settings of WHEP viewers (plain values built from the validated Gateway:WebRtc options).</summary>
public sealed record WhepViewerOptions
{
    /// <summary>RFC 7675 consent: no valid check from the viewer for this long and it is gone.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a viewer's watch looks at consent and the DTLS session.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Viewers one capture serves at once; every one costs an SRTP protect per packet on the capture's loop.</summary>
    public int MaxViewersPerCapture { get; init; } = 16;

    public DtlsSessionOptions Dtls { get; init; } = new();
}
