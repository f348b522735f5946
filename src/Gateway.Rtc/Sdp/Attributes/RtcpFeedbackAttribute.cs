namespace Gateway.Rtc.Sdp.Attributes;

/// <summary>
/// a=rtcp-fb:&lt;payload type | *&gt; &lt;type&gt; [&lt;parameters&gt;] (RFC 4585 §4.2), e.g. <c>96 nack pli</c>,
/// <c>96 ccm fir</c>, <c>111 transport-cc</c>. A null <see cref="PayloadType"/> is the wildcard <c>*</c>.
/// </summary>
public sealed record RtcpFeedbackAttribute(int? PayloadType, string Type, string? Parameters = null) : SdpAttribute
{
    public override string Name => SdpAttributeNames.RtcpFeedback;

    public override string? Value =>
        (PayloadType is { } pt ? SdpNumber.Format(pt) : "*") + " " + Type + (Parameters is null ? "" : " " + Parameters);

    /// <summary>"nack", "nack pli", "ccm fir": the type with its parameters, as codec feedback lists show it.</summary>
    public string Feedback => Parameters is null ? Type : Type + " " + Parameters;

    public bool AppliesTo(int payloadType) => PayloadType is null || PayloadType == payloadType;

    public static bool TryParse(string value, out RtcpFeedbackAttribute? attribute)
    {
        attribute = null;
        var parts = value.Split(' ', 3);
        if (parts.Length < 2 || parts[1].Length == 0) return false;
        int? payloadType = null;
        if (parts[0] != "*")
        {
            if (!RtpMapAttribute.TryParsePayloadType(parts[0], out int pt)) return false;
            payloadType = pt;
        }
        attribute = new(payloadType, parts[1], parts.Length == 3 ? parts[2] : null);
        return true;
    }
}
