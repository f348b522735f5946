namespace Gateway.Rtc.Srtp;

/// <summary>Limits for one <see cref="SrtpContext"/>.</summary>
public sealed record SrtpContextOptions
{
    /// <summary>
    /// Most SSRCs tracked at once. Stream state is created only after a packet authenticates, so only the peer can
    /// fill this; WebRTC sessions carry a handful (audio, video, RTX, simulcast layers).
    /// </summary>
    public int MaxStreams { get; init; } = 64;
}
