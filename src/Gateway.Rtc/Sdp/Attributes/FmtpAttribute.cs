namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>
/// a=fmtp:&lt;payload type&gt; &lt;format parameters&gt; (RFC 8866 §6.15). <see cref="Parameters"/> is the raw text;
/// <see cref="GetParameters"/> is the usual <c>key=value;key=value</c> view (RFC 4855 §3), in written order.
/// </summary>
public sealed record FmtpAttribute(int PayloadType, string Parameters) : SdpAttribute
{
    public override string Name => SdpAttributeNames.Fmtp;

    public override string? Value =>
        Parameters.Length == 0 ? SdpNumber.Format(PayloadType) : SdpNumber.Format(PayloadType) + " " + Parameters;

    /// <summary>
    /// Splits on ';', trims spaces, splits each part at its first '='. A part without '=' (RED's <c>111/111</c>) is a
    /// key with an empty value.
    /// </summary>
    public ValueList<KeyValuePair<string, string>> GetParameters() => ParseParameters(Parameters);

    /// <summary>First value for <paramref name="key"/>; keys compare case-insensitively (RFC 4855 §3).</summary>
    public string? GetParameter(string key)
    {
        foreach (var (k, v) in GetParameters())
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }

    public static FmtpAttribute Create(int payloadType, IEnumerable<KeyValuePair<string, string>> parameters) =>
        new(payloadType, string.Join(";", parameters.Select(p => p.Value.Length == 0 ? p.Key : p.Key + "=" + p.Value)));

    public static bool TryParse(string value, out FmtpAttribute? attribute)
    {
        attribute = null;
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        var payloadText = space < 0 ? value.AsSpan() : value.AsSpan(0, space);
        if (!RtpMapAttribute.TryParsePayloadType(payloadText, out int payloadType)) return false;
        attribute = new(payloadType, space < 0 ? "" : value[(space + 1)..]);
        return true;
    }

    internal static ValueList<KeyValuePair<string, string>> ParseParameters(string text)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            list.Add(equals < 0 ? new(part, "") : new(part[..equals].Trim(), part[(equals + 1)..].Trim()));
        }
        return new(list);
    }
}
