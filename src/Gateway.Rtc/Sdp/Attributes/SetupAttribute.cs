namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>a=setup (RFC 4145 §4; RFC 8842 §5 for DTLS): an offer says actpass, the answer active or passive.</summary>
public sealed record SetupAttribute(SdpSetupRole Role) : SdpAttribute
{
    public override string Name => SdpAttributeNames.Setup;

    public override string? Value => Role.ToSdp();

    public static bool TryParse(string value, out SetupAttribute? attribute)
    {
        attribute = SdpSetupRoleText.TryParse(value, out var role) ? new(role) : null;
        return attribute is not null;
    }
}
