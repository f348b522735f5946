namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>a=ssrc-group:&lt;semantics&gt; &lt;ssrc&gt;... (RFC 5576 §4.2), e.g. <c>FID 1 2</c> pairs media with RTX.</summary>
public sealed record SsrcGroupAttribute(string Semantics, ValueList<uint> Ssrcs) : SdpAttribute
{
    public override string Name => SdpAttributeNames.SsrcGroup;

    public override string? Value =>
        Ssrcs.Count == 0 ? Semantics : Semantics + " " + string.Join(" ", Ssrcs.Select(s => SdpNumber.Format(s)));

    public static bool TryParse(string value, out SsrcGroupAttribute? attribute)
    {
        attribute = null;
        var parts = value.Split(' ');
        if (parts[0].Length == 0) return false;
        var ssrcs = new uint[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
            if (!SdpNumber.TryParseUInt(parts[i], out ssrcs[i - 1])) return false;
        attribute = new(parts[0], new ValueList<uint>(ssrcs));
        return true;
    }
}
