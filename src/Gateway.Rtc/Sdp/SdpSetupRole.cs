namespace Gateway.Rtc.Sdp;

/// <summary>a=setup values (RFC 4145 §4, RFC 8842): who opens the DTLS connection.</summary>
public enum SdpSetupRole { ActPass, Active, Passive, HoldConn }

public static class SdpSetupRoleText
{
    public static string ToSdp(this SdpSetupRole role) => role switch
    {
        SdpSetupRole.Active => "active",
        SdpSetupRole.Passive => "passive",
        SdpSetupRole.HoldConn => "holdconn",
        _ => "actpass",
    };

    public static bool TryParse(string? text, out SdpSetupRole role)
    {
        (bool ok, role) = text switch
        {
            "actpass" => (true, SdpSetupRole.ActPass),
            "active" => (true, SdpSetupRole.Active),
            "passive" => (true, SdpSetupRole.Passive),
            "holdconn" => (true, SdpSetupRole.HoldConn),
            _ => (false, SdpSetupRole.ActPass),
        };
        return ok;
    }
}
