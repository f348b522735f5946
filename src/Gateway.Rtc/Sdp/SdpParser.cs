using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.Sdp;

/// <summary>
/// Line-by-line parser for RFC 8866. Lenient where peers differ in practice (session lines in any order, blank
/// lines, LF or CRLF, unknown line types kept), strict where a wrong value would mislead later stages (ports,
/// addresses, numbers in o= c= b= t= m=). Never throws.
/// </summary>
internal static class SdpParser
{
    /// <summary>Letters that belong only to the session part (RFC 8866 §5); seeing one after m= is an error.</summary>
    private const string SessionOnly = "vosuepzrt";

    public static bool TryParse(string? text, SdpLimits limits, out SdpMessage? message, out SdpParseError error)
    {
        message = null;
        if (string.IsNullOrEmpty(text)) return Fail(SdpParseErrorReason.Empty, 0, "no text", out error);
        if (text.Length > limits.MaxLength)
            return Fail(SdpParseErrorReason.TooLong, 0, $"longer than {limits.MaxLength} characters", out error);

        var state = new State();
        int lineNumber = 0, start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            int length = end - start;
            if (length > 0 && text[end - 1] == '\r') length--;
            lineNumber++;
            if (lineNumber > limits.MaxLines)
                return Fail(SdpParseErrorReason.TooManyLines, lineNumber, $"more than {limits.MaxLines} lines", out error);
            if (length > limits.MaxLineLength)
                return Fail(SdpParseErrorReason.LineTooLong, lineNumber, $"longer than {limits.MaxLineLength} characters", out error);
            var line = text.AsSpan(start, length);
            start = end + 1;
            if (line.IsEmpty) continue;   // blank lines (often a trailing one) carry nothing
            if (!Accept(state, line, lineNumber, limits, out error)) return false;
        }

        if (!state.SeenVersion) return Fail(SdpParseErrorReason.MissingVersion, 0, "no v= line", out error);
        if (state.Origin is null) return Fail(SdpParseErrorReason.MissingOrigin, 0, "no o= line", out error);
        if (state.SessionName is null) return Fail(SdpParseErrorReason.MissingSessionName, 0, "no s= line", out error);
        message = state.Build();
        error = SdpParseError.None;
        return true;
    }

    private static bool Accept(State state, ReadOnlySpan<char> line, int number, SdpLimits limits, out SdpParseError error)
    {
        // RFC 8866 §5: no NUL, CR or LF inside a line; a lone CR would also not survive being written back.
        if (line.IndexOfAny('\r', '\0') >= 0) return Fail(SdpParseErrorReason.BadCharacter, number, "CR or NUL inside a line", out error);
        if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetter(line[0]))
            return Fail(SdpParseErrorReason.BadLineFormat, number, "not <letter>=<value>", out error);
        char type = line[0];
        string value = line[2..].ToString();
        if (!state.SeenVersion)
        {
            if (type != 'v') return Fail(SdpParseErrorReason.MissingVersion, number, "first line is not v=", out error);
            if (value != "0") return Fail(SdpParseErrorReason.BadVersion, number, "version is not 0", out error);
            state.SeenVersion = true;
            error = SdpParseError.None;
            return true;
        }
        if (type == 'm')
        {
            if (state.Media.Count >= limits.MaxMediaSections)
                return Fail(SdpParseErrorReason.TooManyMediaSections, number, $"more than {limits.MaxMediaSections} m= lines", out error);
            if (!MediaDescription.TryParseMediaLine(value, out var media))
                return Fail(SdpParseErrorReason.BadMedia, number, "m= is not <media> <port>[/<count>] <proto> <fmt>...", out error);
            state.Media.Add(media!);
            error = SdpParseError.None;
            return true;
        }
        return state.Media.Count == 0
            ? AcceptSession(state, type, value, number, out error)
            : AcceptMedia(state.Media[^1], type, value, number, out error);
    }

    private static bool AcceptSession(State s, char type, string value, int number, out SdpParseError error)
    {
        error = SdpParseError.None;
        switch (type)
        {
            case 'v': return Duplicate(number, out error);
            case 'o':
                if (s.Origin is not null) return Duplicate(number, out error);
                if (!SdpOrigin.TryParse(value, out s.Origin))
                    return Fail(SdpParseErrorReason.BadOrigin, number, "o= needs 6 fields", out error);
                return true;
            case 's': return SetOnce(ref s.SessionName, value, number, out error);
            case 'i': return SetOnce(ref s.Information, value, number, out error);
            case 'u': return SetOnce(ref s.Uri, value, number, out error);
            case 'e': s.Emails.Add(value); return true;
            case 'p': s.Phones.Add(value); return true;
            case 'c': return TryConnection(ref s.Connection, value, number, out error);
            case 'b': return TryBandwidth(s.Bandwidths, value, number, out error);
            case 't':
                if (!SdpTiming.TryParse(value, out var timing))
                    return Fail(SdpParseErrorReason.BadTiming, number, "t= is not <start> <stop>", out error);
                s.Timings.Add(timing!);
                return true;
            case 'r':
                if (s.Timings.Count == 0) return Fail(SdpParseErrorReason.BadTiming, number, "r= before any t=", out error);
                s.Timings[^1] = s.Timings[^1] with { Repeats = new ValueList<string>(s.Timings[^1].Repeats.Append(value)) };
                return true;
            case 'z': return SetOnce(ref s.TimeZones, value, number, out error);
            case 'k': return SetOnce(ref s.EncryptionKey, value, number, out error);
            case 'a': s.Attributes.Add(SdpAttributeParser.Parse(value)); return true;
            default: s.UnknownLines.Add(new SdpLine(type, value)); return true;
        }
    }

    private static bool AcceptMedia(MediaDescription media, char type, string value, int number, out SdpParseError error)
    {
        error = SdpParseError.None;
        switch (type)
        {
            case 'i':
                if (media.Information is not null) return Duplicate(number, out error);
                media.Information = value;
                return true;
            case 'c':
                var connection = media.Connection;
                if (!TryConnection(ref connection, value, number, out error)) return false;
                media.Connection = connection;
                return true;
            case 'b': return TryBandwidth(media.Bandwidths, value, number, out error);
            case 'k':
                if (media.EncryptionKey is not null) return Duplicate(number, out error);
                media.EncryptionKey = value;
                return true;
            case 'a': media.Attributes.Add(SdpAttributeParser.Parse(value)); return true;
            default:
                if (SessionOnly.Contains(type, StringComparison.Ordinal))
                    return Fail(SdpParseErrorReason.LineOutOfPlace, number, $"{type}= after the first m=", out error);
                media.UnknownLines.Add(new SdpLine(type, value));
                return true;
        }
    }

    private static bool TryConnection(ref SdpConnection? target, string value, int number, out SdpParseError error)
    {
        // RFC 8866 §5.7 allows several c= per media for layered multicast; WebRTC and RTP senders use one.
        if (target is not null) return Duplicate(number, out error);
        if (!SdpConnection.TryParse(value, out target))
            return Fail(SdpParseErrorReason.BadConnection, number, "c= is not <nettype> <addrtype> <address>", out error);
        error = SdpParseError.None;
        return true;
    }

    private static bool TryBandwidth(List<SdpBandwidth> list, string value, int number, out SdpParseError error)
    {
        if (!SdpBandwidth.TryParse(value, out var bandwidth))
            return Fail(SdpParseErrorReason.BadBandwidth, number, "b= is not <type>:<number>", out error);
        list.Add(bandwidth!);
        error = SdpParseError.None;
        return true;
    }

    private static bool SetOnce(ref string? target, string value, int number, out SdpParseError error)
    {
        if (target is not null) return Duplicate(number, out error);
        target = value;
        error = SdpParseError.None;
        return true;
    }

    private static bool Duplicate(int number, out SdpParseError error) =>
        Fail(SdpParseErrorReason.DuplicateLine, number, "line type allowed once", out error);

    private static bool Fail(SdpParseErrorReason reason, int line, string message, out SdpParseError error)
    {
        error = new(reason, line, message);
        return false;
    }

    /// <summary>What has been read so far; fields so they can be passed by ref.</summary>
    private sealed class State
    {
        public bool SeenVersion;
        public SdpOrigin? Origin;
        public string? SessionName, Information, Uri, TimeZones, EncryptionKey;
        public SdpConnection? Connection;
        public readonly List<string> Emails = [], Phones = [];
        public readonly List<SdpBandwidth> Bandwidths = [];
        public readonly List<SdpTiming> Timings = [];
        public readonly List<SdpLine> UnknownLines = [];
        public readonly List<SdpAttribute> Attributes = [];
        public readonly List<MediaDescription> Media = [];

        public SdpMessage Build()
        {
            var message = new SdpMessage(Origin!, SessionName!)
            {
                Information = Information, Uri = Uri, Connection = Connection, TimeZones = TimeZones, EncryptionKey = EncryptionKey,
            };
            message.Emails.AddRange(Emails);
            message.Phones.AddRange(Phones);
            message.Bandwidths.AddRange(Bandwidths);
            message.Timings.AddRange(Timings);
            message.UnknownLines.AddRange(UnknownLines);
            foreach (var attribute in Attributes) message.Attributes.Add(attribute);
            message.Media.AddRange(Media);
            return message;
        }
    }
}
