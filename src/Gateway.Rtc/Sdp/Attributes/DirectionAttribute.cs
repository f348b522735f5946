namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>a=sendrecv | sendonly | recvonly | inactive (RFC 8866 §6.7).</summary>
public sealed record DirectionAttribute(SdpDirection Direction) : SdpAttribute
{
    public override string Name => Direction.ToSdp();

    public override string? Value => null;
}
