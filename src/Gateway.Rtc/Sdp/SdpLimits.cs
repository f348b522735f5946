namespace Gateway.Rtc.Sdp;

/// <summary>
/// Hard caps on what one session description may contain, so an offer posted by anyone (WHIP) cannot make the parser
/// hold more than a few hundred kilobytes. The defaults are far above what browsers send: a Chromium offer with audio,
/// video and ICE candidates is about 170 lines of under 200 characters each.
/// </summary>
public sealed record SdpLimits
{
    public static SdpLimits Default { get; } = new();

    /// <summary>Characters in the whole text.</summary>
    public int MaxLength { get; init; } = 256 * 1024;

    public int MaxLines { get; init; } = 8192;

    /// <summary>Characters in one line, without its line ending (H.264 sprop-parameter-sets can be long).</summary>
    public int MaxLineLength { get; init; } = 8192;

    /// <summary>m= sections; an SFU bundle with many participants can carry dozens.</summary>
    public int MaxMediaSections { get; init; } = 256;
}
