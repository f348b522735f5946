using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Gateway.Rtc.Sdp;

/// <summary>
/// A session description (RFC 8866). Parse with <see cref="TryParse(string, out SdpMessage?, out SdpParseError)"/>,
/// write with <see cref="ToString"/> or <c>WriteTo</c> (CRLF, RFC 8866 §5 order). Mutable so an answer can be made
/// from a <see cref="Clone"/>. Version (v=) is always 0 and is not stored.
/// </summary>
public sealed class SdpMessage : IEquatable<SdpMessage>
{
    public SdpMessage(SdpOrigin origin, string sessionName)
    {
        Origin = origin;
        SessionName = sessionName;
    }

    public SdpOrigin Origin { get; set; }

    /// <summary>s=; WebRTC writes "-", ffmpeg "No Name".</summary>
    public string SessionName { get; set; }

    public string? Information { get; set; }

    public string? Uri { get; set; }

    public List<string> Emails { get; } = [];

    public List<string> Phones { get; } = [];

    public SdpConnection? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    public List<SdpTiming> Timings { get; } = [];

    /// <summary>z= (RFC 8866 §5.11), kept as text.</summary>
    public string? TimeZones { get; set; }

    /// <summary>k= (obsolete, RFC 8866 §5.12), kept as text.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Session-level lines with unknown type letters, written after k= and before the attributes.</summary>
    public List<SdpLine> UnknownLines { get; } = [];

    public SdpAttributeList Attributes { get; } = [];

    public List<MediaDescription> Media { get; } = [];

    /// <summary>
    /// Parses <paramref name="text"/> (CRLF or LF line endings). Never throws: bad input returns false with a reason,
    /// the 1-based line and a short message. Size is capped by <paramref name="limits"/> (default <see cref="SdpLimits.Default"/>).
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SdpMessage? message, out SdpParseError error) =>
        SdpParser.TryParse(text, SdpLimits.Default, out message, out error);

    public static bool TryParse(string text, SdpLimits limits, [NotNullWhen(true)] out SdpMessage? message, out SdpParseError error) =>
        SdpParser.TryParse(text, limits, out message, out error);

    public void WriteTo(StringBuilder builder) => SdpWriter.Write(this, builder);

    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var builder = new StringBuilder();
        WriteTo(builder);
        writer.Write(builder);
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        WriteTo(builder);
        return builder.ToString();
    }

    /// <summary>A deep copy: lists and media sections are new; attributes and line records are immutable and shared.</summary>
    public SdpMessage Clone()
    {
        var copy = new SdpMessage(Origin, SessionName)
        {
            Information = Information, Uri = Uri, Connection = Connection, TimeZones = TimeZones, EncryptionKey = EncryptionKey,
        };
        copy.Emails.AddRange(Emails);
        copy.Phones.AddRange(Phones);
        copy.Bandwidths.AddRange(Bandwidths);
        copy.Timings.AddRange(Timings);
        copy.UnknownLines.AddRange(UnknownLines);
        foreach (var attribute in Attributes) copy.Attributes.Add(attribute);
        copy.Media.AddRange(Media.Select(m => m.Clone()));
        return copy;
    }

    /// <summary>The media section with this a=mid, if any.</summary>
    public MediaDescription? FindByMid(string mid) => Media.Find(m => m.Mid == mid);

    public bool Equals(SdpMessage? other) =>
        other is not null && Origin == other.Origin && SessionName == other.SessionName &&
        Information == other.Information && Uri == other.Uri && Emails.SequenceEqual(other.Emails) &&
        Phones.SequenceEqual(other.Phones) && Equals(Connection, other.Connection) &&
        Bandwidths.SequenceEqual(other.Bandwidths) && Timings.SequenceEqual(other.Timings) &&
        TimeZones == other.TimeZones && EncryptionKey == other.EncryptionKey &&
        UnknownLines.SequenceEqual(other.UnknownLines) && Attributes.SequenceEqual(other.Attributes) &&
        Media.SequenceEqual(other.Media);

    public override bool Equals(object? obj) => Equals(obj as SdpMessage);

    public override int GetHashCode() => HashCode.Combine(Origin, SessionName, Attributes.Count, Media.Count);
}
