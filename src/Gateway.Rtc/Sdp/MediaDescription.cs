using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.Sdp;

/// <summary>
/// One m= section (RFC 8866 §5.14) with its i=, c=, b=, k= and a= lines. Mutable so an answer can be made from a
/// <see cref="Clone"/> by changing ports, addresses and attributes.
/// </summary>
public sealed partial class MediaDescription : IEquatable<MediaDescription>
{
    public MediaDescription(string media, int port, string protocol, IEnumerable<string> formats)
    {
        Media = media;
        Port = port;
        Protocol = protocol;
        Formats = [.. formats];
    }

    /// <summary>"audio", "video", "application", ...</summary>
    public string Media { get; set; }

    public int Port { get; set; }

    /// <summary>The optional /number of ports after the port (RFC 8866 §5.14).</summary>
    public int? PortCount { get; set; }

    /// <summary>"RTP/AVP", "UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", ...</summary>
    public string Protocol { get; set; }

    /// <summary>Payload types for RTP profiles, other tokens (webrtc-datachannel) otherwise.</summary>
    public List<string> Formats { get; }

    public string? Information { get; set; }

    public SdpConnection? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>k= (obsolete, RFC 8866 §5.12): kept as text.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Lines with unknown type letters, written after k= and before the attributes.</summary>
    public List<SdpLine> UnknownLines { get; } = [];

    public SdpAttributeList Attributes { get; } = [];

    public MediaDescription Clone()
    {
        var copy = new MediaDescription(Media, Port, Protocol, Formats)
        {
            PortCount = PortCount, Information = Information, Connection = Connection, EncryptionKey = EncryptionKey,
        };
        copy.Bandwidths.AddRange(Bandwidths);
        copy.UnknownLines.AddRange(UnknownLines);
        foreach (var attribute in Attributes) copy.Attributes.Add(attribute);   // attributes are immutable records
        return copy;
    }

    public bool Equals(MediaDescription? other) =>
        other is not null && Media == other.Media && Port == other.Port && PortCount == other.PortCount &&
        Protocol == other.Protocol && Formats.SequenceEqual(other.Formats) && Information == other.Information &&
        Equals(Connection, other.Connection) && Bandwidths.SequenceEqual(other.Bandwidths) &&
        EncryptionKey == other.EncryptionKey && UnknownLines.SequenceEqual(other.UnknownLines) &&
        Attributes.SequenceEqual(other.Attributes);

    public override bool Equals(object? obj) => Equals(obj as MediaDescription);

    public override int GetHashCode() => HashCode.Combine(Media, Protocol, Formats.Count, Attributes.Count);

    /// <summary>The m= line value, e.g. <c>video 9 UDP/TLS/RTP/SAVPF 96 97</c>.</summary>
    public string MediaLineValue =>
        Media + " " + SdpNumber.Format(Port) + (PortCount is { } count ? "/" + SdpNumber.Format(count) : "") + " " +
        Protocol + (Formats.Count == 0 ? "" : " " + string.Join(" ", Formats));

    internal static bool TryParseMediaLine(string value, out MediaDescription? media)
    {
        media = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3) return false;
        var portText = parts[1];
        int? portCount = null;
        int slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!SdpNumber.TryParseInt(portText.AsSpan(slash + 1), out int count)) return false;
            portCount = count;
            portText = portText[..slash];
        }
        if (!SdpNumber.TryParsePort(portText, out int port)) return false;
        media = new(parts[0], port, parts[2], parts.Skip(3)) { PortCount = portCount };
        return true;
    }
}
