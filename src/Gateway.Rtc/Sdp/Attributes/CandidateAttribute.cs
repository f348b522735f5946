namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>
/// a=candidate (RFC 8839 §5.1): foundation component transport priority address port <c>typ</c> type
/// [<c>raddr</c> address] [<c>rport</c> port] then name/value extensions (generation, ufrag, network-id, tcptype,
/// ...) kept in order. Transport keeps its case: Chromium writes "udp", Firefox "UDP".
/// </summary>
public sealed record CandidateAttribute(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    string Type,
    string? RelatedAddress,
    int? RelatedPort,
    ValueList<KeyValuePair<string, string>> Extensions) : SdpAttribute
{
    public override string Name => SdpAttributeNames.Candidate;

    /// <summary>A host candidate with no related address and no extensions.</summary>
    public static CandidateAttribute Host(string foundation, int component, string transport, uint priority, string address, int port) =>
        new(foundation, component, transport, priority, address, port, "host", null, null, ValueList<KeyValuePair<string, string>>.Empty);

    public override string? Value
    {
        get
        {
            var text = $"{Foundation} {SdpNumber.Format(Component)} {Transport} {SdpNumber.Format(Priority)} {Address} " +
                       $"{SdpNumber.Format(Port)} typ {Type}";
            if (RelatedAddress is not null) text += " raddr " + RelatedAddress;
            if (RelatedPort is { } relatedPort) text += " rport " + SdpNumber.Format(relatedPort);
            foreach (var (name, value) in Extensions) text += " " + name + " " + value;
            return text;
        }
    }

    public bool IsUdp => string.Equals(Transport, "udp", StringComparison.OrdinalIgnoreCase);

    /// <summary>First value of an extension such as "generation" or "ufrag".</summary>
    public string? GetExtension(string name)
    {
        foreach (var (key, value) in Extensions)
            if (key == name) return value;
        return null;
    }

    public static bool TryParse(string value, out CandidateAttribute? attribute)
    {
        attribute = null;
        var t = value.Split(' ');
        if (t.Length < 8 || (t.Length & 1) != 0 || t[6] != "typ" || t.Any(p => p.Length == 0)) return false;
        // Component ids are 1..256 (RFC 8445 §5.1.1.1); priority is a 32-bit value (§5.1.2).
        if (!SdpNumber.TryParseInt(t[1], out int component) || component is < 1 or > 256 ||
            !SdpNumber.TryParseUInt(t[3], out uint priority) || !SdpNumber.TryParsePort(t[5], out int port))
            return false;
        string? relatedAddress = null;
        int? relatedPort = null;
        var extensions = new List<KeyValuePair<string, string>>();
        for (var i = 8; i < t.Length; i += 2)
        {
            // raddr/rport come before any extension in the grammar; later ones are treated as plain extensions.
            if (extensions.Count == 0 && t[i] == "raddr" && relatedAddress is null) relatedAddress = t[i + 1];
            else if (extensions.Count == 0 && t[i] == "rport" && relatedPort is null)
            {
                if (!SdpNumber.TryParsePort(t[i + 1], out int rport)) return false;
                relatedPort = rport;
            }
            else extensions.Add(new(t[i], t[i + 1]));
        }
        attribute = new(t[0], component, t[2], priority, t[4], port, t[7], relatedAddress, relatedPort, new(extensions));
        return true;
    }
}
