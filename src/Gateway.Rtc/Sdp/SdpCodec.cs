namespace Gateway.Rtc.Sdp;

/// <summary>
/// One payload format of a media section joined from its m= format, a=rtpmap (or the RFC 3551 static table),
/// a=fmtp and a=rtcp-fb lines.
/// </summary>
public sealed record SdpCodec(
    int PayloadType,
    string EncodingName,
    int ClockRate,
    int? Channels,
    string? FmtpText,
    ValueList<KeyValuePair<string, string>> Parameters,
    ValueList<string> FeedbackTypes)
{
    /// <summary>First fmtp value for <paramref name="key"/> (case-insensitive key).</summary>
    public string? GetParameter(string key)
    {
        foreach (var (k, v) in Parameters)
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }

    public bool Is(string encodingName) => string.Equals(EncodingName, encodingName, StringComparison.OrdinalIgnoreCase);
}
