using System.Text;

namespace Gateway.Rtc.Sdp;

/// <summary>Writes lines in the order of RFC 8866 §5, each ended by CRLF.</summary>
internal static class SdpWriter
{
    public static void Write(SdpMessage message, StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Line(builder, 'v', "0");
        Line(builder, 'o', message.Origin.ToString());
        Line(builder, 's', message.SessionName);
        if (message.Information is not null) Line(builder, 'i', message.Information);
        if (message.Uri is not null) Line(builder, 'u', message.Uri);
        foreach (var email in message.Emails) Line(builder, 'e', email);
        foreach (var phone in message.Phones) Line(builder, 'p', phone);
        if (message.Connection is not null) Line(builder, 'c', message.Connection.ToString());
        foreach (var bandwidth in message.Bandwidths) Line(builder, 'b', bandwidth.ToString());
        foreach (var timing in message.Timings)
        {
            Line(builder, 't', timing.ToString());
            foreach (var repeat in timing.Repeats) Line(builder, 'r', repeat);
        }
        if (message.TimeZones is not null) Line(builder, 'z', message.TimeZones);
        if (message.EncryptionKey is not null) Line(builder, 'k', message.EncryptionKey);
        foreach (var line in message.UnknownLines) Line(builder, line.Type, line.Value);
        foreach (var attribute in message.Attributes) builder.Append(attribute.ToString()).Append("\r\n");
        foreach (var media in message.Media) Write(media, builder);
    }

    private static void Write(MediaDescription media, StringBuilder builder)
    {
        Line(builder, 'm', media.MediaLineValue);
        if (media.Information is not null) Line(builder, 'i', media.Information);
        if (media.Connection is not null) Line(builder, 'c', media.Connection.ToString());
        foreach (var bandwidth in media.Bandwidths) Line(builder, 'b', bandwidth.ToString());
        if (media.EncryptionKey is not null) Line(builder, 'k', media.EncryptionKey);
        foreach (var line in media.UnknownLines) Line(builder, line.Type, line.Value);
        foreach (var attribute in media.Attributes) builder.Append(attribute.ToString()).Append("\r\n");
    }

    private static void Line(StringBuilder builder, char type, string value) =>
        builder.Append(type).Append('=').Append(value).Append("\r\n");
}
