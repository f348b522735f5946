namespace Gateway.Rtc.Sdp;

/// <summary>o= line (RFC 8866 §5.2). Session id and version stay text: some peers exceed 64 bits.</summary>
public sealed record SdpOrigin(
    string UserName, string SessionId, string SessionVersion, string NetworkType, string AddressType, string Address)
{
    /// <summary>The anonymous origin WebRTC and ffmpeg write: <c>- id version IN IP4 address</c>.</summary>
    public static SdpOrigin Create(string sessionId, string sessionVersion, string address = "127.0.0.1") =>
        new("-", sessionId, sessionVersion, "IN", address.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4", address);

    public override string ToString() =>
        $"{UserName} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";

    internal static bool TryParse(string value, out SdpOrigin? origin)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        origin = parts.Length == 6 ? new(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]) : null;
        return origin is not null;
    }
}
