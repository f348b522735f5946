namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>a=group:&lt;semantics&gt; &lt;mid&gt;... (RFC 5888 §5), e.g. <c>BUNDLE 0 1</c> (RFC 9143).</summary>
public sealed record GroupAttribute(string Semantics, ValueList<string> Mids) : SdpAttribute
{
    public const string Bundle = "BUNDLE";

    public override string Name => SdpAttributeNames.Group;

    public override string? Value => Mids.Count == 0 ? Semantics : Semantics + " " + string.Join(" ", Mids);

    public static bool TryParse(string value, out GroupAttribute? attribute)
    {
        var parts = value.Split(' ');
        attribute = parts.Any(p => p.Length == 0) ? null : new(parts[0], new ValueList<string>(parts.Skip(1)));
        return attribute is not null;
    }
}
