namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>a=ssrc:&lt;ssrc&gt; &lt;attribute&gt;[:&lt;value&gt;] (RFC 5576 §4.1), e.g. <c>2575889676 cname:78GT...</c>.</summary>
public sealed record SsrcAttribute(uint Ssrc, string Attribute, string? AttributeValue = null) : SdpAttribute
{
    public override string Name => SdpAttributeNames.Ssrc;

    public override string? Value =>
        SdpNumber.Format(Ssrc) + " " + Attribute + (AttributeValue is null ? "" : ":" + AttributeValue);

    public static bool TryParse(string value, out SsrcAttribute? attribute)
    {
        attribute = null;
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !SdpNumber.TryParseUInt(value.AsSpan(0, space), out uint ssrc)) return false;
        var rest = value[(space + 1)..];
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? rest : rest[..colon];
        if (name.Length == 0) return false;
        attribute = new(ssrc, name, colon < 0 ? null : rest[(colon + 1)..]);
        return true;
    }
}
