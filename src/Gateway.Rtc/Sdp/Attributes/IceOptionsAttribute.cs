namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>a=ice-options:&lt;option&gt;... (RFC 8839 §5.6), e.g. <c>trickle</c>, <c>ice2</c>.</summary>
public sealed record IceOptionsAttribute(ValueList<string> Options) : SdpAttribute
{
    public override string Name => SdpAttributeNames.IceOptions;

    public override string? Value => string.Join(" ", Options);

    public static bool TryParse(string value, out IceOptionsAttribute? attribute)
    {
        var parts = value.Split(' ');
        attribute = parts.Any(p => p.Length == 0) ? null : new(new ValueList<string>(parts));
        return attribute is not null;
    }
}
