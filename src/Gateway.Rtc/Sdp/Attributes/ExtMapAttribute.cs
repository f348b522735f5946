namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>
/// a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;uri&gt; [&lt;extension attributes&gt;] (RFC 8285 §8): which RTP header
/// extension id carries which URI (abs-send-time, transport-wide-cc, sdes:mid, ...).
/// </summary>
public sealed record ExtMapAttribute(int Id, string Uri, SdpDirection? Direction = null, string? ExtensionAttributes = null)
    : SdpAttribute
{
    public override string Name => SdpAttributeNames.ExtMap;

    public override string? Value =>
        SdpNumber.Format(Id) + (Direction is { } direction ? "/" + direction.ToSdp() : "") + " " + Uri +
        (ExtensionAttributes is null ? "" : " " + ExtensionAttributes);

    public static bool TryParse(string value, out ExtMapAttribute? attribute)
    {
        attribute = null;
        var parts = value.Split(' ', 3);
        if (parts.Length < 2 || parts[1].Length == 0) return false;
        var idPart = parts[0];
        SdpDirection? direction = null;
        int slash = idPart.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!SdpDirectionText.TryParse(idPart[(slash + 1)..], out var d)) return false;
            direction = d;
            idPart = idPart[..slash];
        }
        // One-byte ids are 1-14, two-byte 1-255 (RFC 8285 §4.2, §4.3); RFC 5285 also allowed 4096-4351.
        if (!SdpNumber.TryParseInt(idPart, out int id) || id > 4351) return false;
        attribute = new(id, parts[1], direction, parts.Length == 3 ? parts[2] : null);
        return true;
    }
}
