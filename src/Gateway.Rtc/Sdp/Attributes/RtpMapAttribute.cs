namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>
/// a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;] (RFC 8866 §6.6).
/// The encoding name keeps its case ("opus", "H264"); compare it case-insensitively (RFC 4855 §3).
/// </summary>
public sealed record RtpMapAttribute(int PayloadType, string EncodingName, int ClockRate, int? Channels = null) : SdpAttribute
{
    public override string Name => SdpAttributeNames.RtpMap;

    public override string? Value =>
        SdpNumber.Format(PayloadType) + " " + EncodingName + "/" + SdpNumber.Format(ClockRate) +
        (Channels is { } channels ? "/" + SdpNumber.Format(channels) : "");

    public static bool TryParse(string value, out RtpMapAttribute? attribute)
    {
        attribute = null;
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !TryParsePayloadType(value.AsSpan(0, space), out int payloadType)) return false;
        var parts = value[(space + 1)..].Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || !SdpNumber.TryParseInt(parts[1], out int clockRate))
            return false;
        int? channels = null;
        if (parts.Length == 3)
        {
            if (!SdpNumber.TryParseInt(parts[2], out int count)) return false;
            channels = count;
        }
        attribute = new(payloadType, parts[0], clockRate, channels);
        return true;
    }

    /// <summary>RTP payload types are 7 bits (RFC 3550 §5.1).</summary>
    internal static bool TryParsePayloadType(ReadOnlySpan<char> text, out int payloadType) =>
        SdpNumber.TryParseInt(text, out payloadType) && payloadType <= 127;
}
