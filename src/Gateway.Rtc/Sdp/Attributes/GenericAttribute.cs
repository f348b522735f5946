namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>
/// An attribute kept as text: unknown ones, flags such as rtcp-mux or ice-lite, simple values such as mid or
/// ice-ufrag, and known attributes whose text is not in the canonical form (kept so it is written back unchanged).
/// </summary>
public sealed record GenericAttribute : SdpAttribute
{
    public GenericAttribute(string name, string? value = null)
    {
        Name = name;
        Value = value;
    }

    public override string Name { get; }

    public override string? Value { get; }
}
