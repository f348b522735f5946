namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>Turns the text of an a= line into a typed attribute when it is one we model.</summary>
public static class SdpAttributeParser
{
    /// <summary>
    /// Parses <c>name[:value]</c> (the part after <c>a=</c>). Never fails: a known attribute whose value does not
    /// parse, or parses but would be written differently (extra spaces, other case), stays a
    /// <see cref="GenericAttribute"/>, so write(parse(text)) reproduces the text exactly.
    /// </summary>
    public static SdpAttribute Parse(string line)
    {
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? line : line[..colon];
        string? value = colon < 0 ? null : line[(colon + 1)..];
        SdpAttribute? typed = value is null ? ParseProperty(name) : ParseValue(name, value);
        return typed is not null && typed.Value == value ? typed : new GenericAttribute(name, value);
    }

    private static SdpAttribute? ParseProperty(string name) =>
        SdpDirectionText.TryParse(name, out var direction) ? new DirectionAttribute(direction) : null;

    private static SdpAttribute? ParseValue(string name, string value) => name switch
    {
        SdpAttributeNames.RtpMap => RtpMapAttribute.TryParse(value, out var a) ? a : null,
        SdpAttributeNames.Fmtp => FmtpAttribute.TryParse(value, out var a) ? a : null,
        SdpAttributeNames.RtcpFeedback => RtcpFeedbackAttribute.TryParse(value, out var a) ? a : null,
        SdpAttributeNames.ExtMap => ExtMapAttribute.TryParse(value, out var a) ? a : null,
        SdpAttributeNames.Ssrc => SsrcAttribute.TryParse(value, out var a) ? a : null,
        SdpAttributeNames.SsrcGroup => SsrcGroupAttribute.TryParse(value, out var a) ? a : null,
        SdpAttributeNames.Msid => MsidAttribute.TryParse(value, out var a) ? a : null,
        SdpAttributeNames.Group => GroupAttribute.TryParse(value, out var a) ? a : null,
        SdpAttributeNames.Rtcp => RtcpAttribute.TryParse(value, out var a) ? a : null,
        SdpAttributeNames.IceOptions => IceOptionsAttribute.TryParse(value, out var a) ? a : null,
        SdpAttributeNames.Candidate => CandidateAttribute.TryParse(value, out var a) ? a : null,
        SdpAttributeNames.Fingerprint => FingerprintAttribute.TryParse(value, out var a) ? a : null,
        SdpAttributeNames.Setup => SetupAttribute.TryParse(value, out var a) ? a : null,
        _ => null,
    };
}
