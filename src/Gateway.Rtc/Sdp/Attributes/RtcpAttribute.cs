namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>a=rtcp:&lt;port&gt; [&lt;nettype&gt; &lt;addrtype&gt; &lt;address&gt;] (RFC 3605 §2.1).</summary>
public sealed record RtcpAttribute(int Port, SdpConnection? Address = null) : SdpAttribute
{
    public override string Name => SdpAttributeNames.Rtcp;

    public override string? Value => Address is null ? SdpNumber.Format(Port) : SdpNumber.Format(Port) + " " + Address;

    public static bool TryParse(string value, out RtcpAttribute? attribute)
    {
        attribute = null;
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (!SdpNumber.TryParsePort(space < 0 ? value : value.AsSpan(0, space), out int port)) return false;
        SdpConnection? address = null;
        if (space >= 0 && !SdpConnection.TryParse(value[(space + 1)..], out address)) return false;
        attribute = new(port, address);
        return true;
    }
}
