namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>a=msid:&lt;stream id&gt; [&lt;track id&gt;] (RFC 8830 §2).</summary>
public sealed record MsidAttribute(string StreamId, string? TrackId = null) : SdpAttribute
{
    public override string Name => SdpAttributeNames.Msid;

    public override string? Value => TrackId is null ? StreamId : StreamId + " " + TrackId;

    public static bool TryParse(string value, out MsidAttribute? attribute)
    {
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        var stream = space < 0 ? value : value[..space];
        attribute = stream.Length == 0 ? null : new(stream, space < 0 ? null : value[(space + 1)..]);
        return attribute is not null;
    }
}
