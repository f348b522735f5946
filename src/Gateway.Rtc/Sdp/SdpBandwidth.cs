using System.Globalization;

namespace Gateway.Rtc.Sdp;

/// <summary>b= line (RFC 8866 §5.8): AS/CT in kbit/s, TIAS (RFC 3890) in bit/s, RS/RR (RFC 3556).</summary>
public sealed record SdpBandwidth(string Type, long Value)
{
    public override string ToString() => Type + ":" + Value.ToString(CultureInfo.InvariantCulture);

    internal static bool TryParse(string value, out SdpBandwidth? bandwidth)
    {
        bandwidth = null;
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !SdpNumber.TryParseLong(value.AsSpan(colon + 1), out long amount)) return false;
        bandwidth = new(value[..colon], amount);
        return true;
    }
}
