namespace Gateway.Rtc.Ice;

/// <summary>
/// One STUN or TURN server, as in RTCIceServer: <c>stun:host[:port]</c> or <c>turn:host[:port][?transport=udp]</c>
/// (RFC 7064, RFC 7065). Only UDP is spoken: <c>turns:</c> and <c>?transport=tcp</c> are rejected by
/// <see cref="IceServerUrl.TryParse"/>, so configuration validation can say so at startup.
/// </summary>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);

public enum IceServerScheme
{
    Stun,
    Turn,
}

public sealed record IceServerUrl(IceServerScheme Scheme, string Host, int Port)
{
    public const int DefaultPort = 3478;

    /// <summary>Parses a stun:/turn: URL; false with a reason for anything else (never throws).</summary>
    public static bool TryParse(string? url, out IceServerUrl? parsed, out string reason)
    {
        parsed = null;
        reason = "";
        if (string.IsNullOrWhiteSpace(url))
        {
            reason = "the URL is empty";
            return false;
        }
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? "" : url[..colon].ToLowerInvariant();
        IceServerScheme kind;
        switch (scheme)
        {
            case "stun": kind = IceServerScheme.Stun; break;
            case "turn": kind = IceServerScheme.Turn; break;
            case "stuns" or "turns":
                reason = $"'{url}': {scheme}: (TLS) is not supported, only UDP";
                return false;
            default:
                reason = $"'{url}' is not a stun: or turn: URL";
                return false;
        }
        var rest = url[(colon + 1)..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            var parameters = rest[(query + 1)..];
            rest = rest[..query];
            if (!parameters.Equals("transport=udp", StringComparison.OrdinalIgnoreCase))
            {
                reason = $"'{url}': only ?transport=udp is supported";
                return false;
            }
        }
        string host;
        var port = DefaultPort;
        if (rest.StartsWith('['))
        {
            var end = rest.IndexOf(']', StringComparison.Ordinal);
            if (end < 0) return Bad(url, out reason);
            host = rest[1..end];
            var tail = rest[(end + 1)..];
            if (tail.Length > 0 && (!tail.StartsWith(':') || !int.TryParse(tail[1..], out port))) return Bad(url, out reason);
        }
        else
        {
            var portColon = rest.LastIndexOf(':');
            host = portColon < 0 ? rest : rest[..portColon];
            if (portColon >= 0 && !int.TryParse(rest[(portColon + 1)..], out port)) return Bad(url, out reason);
        }
        if (host.Length == 0 || port is < 1 or > 65535 || host.Contains('/', StringComparison.Ordinal)) return Bad(url, out reason);
        parsed = new IceServerUrl(kind, host, port);
        return true;
    }

    private static bool Bad(string url, out string reason)
    {
        reason = $"'{url}' has no valid host[:port]";
        return false;
    }

    public override string ToString() => $"{(Scheme == IceServerScheme.Stun ? "stun" : "turn")}:{Host}:{Port}";
}
