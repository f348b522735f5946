namespace Gateway.Rtc.Sdp;

/// <summary>Media direction attributes (RFC 8866 §6.7); absent means sendrecv.</summary>
public enum SdpDirection { SendRecv, SendOnly, RecvOnly, Inactive }

public static class SdpDirectionText
{
    public static string ToSdp(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    public static bool TryParse(string? text, out SdpDirection direction)
    {
        (bool ok, direction) = text switch
        {
            "sendrecv" => (true, SdpDirection.SendRecv),
            "sendonly" => (true, SdpDirection.SendOnly),
            "recvonly" => (true, SdpDirection.RecvOnly),
            "inactive" => (true, SdpDirection.Inactive),
            _ => (false, SdpDirection.SendRecv),
        };
        return ok;
    }

    /// <summary>The direction an answerer uses to mirror an offer (RFC 3264 §6.1): sendonly becomes recvonly.</summary>
    public static SdpDirection Reverse(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        _ => direction,
    };
}
