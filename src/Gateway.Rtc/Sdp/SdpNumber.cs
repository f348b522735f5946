using System.Globalization;

namespace Gateway.Rtc.Sdp;

/// <summary>Decimal fields of SDP grammar: digits only (no sign, spaces or exponent), never throwing.</summary>
internal static class SdpNumber
{
    public static bool TryParseInt(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryParseLong(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryParseULong(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryParseUInt(ReadOnlySpan<char> text, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryParsePort(ReadOnlySpan<char> text, out int port) =>
        TryParseInt(text, out port) && port <= 65535;

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
