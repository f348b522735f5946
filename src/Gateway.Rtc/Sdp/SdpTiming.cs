using System.Globalization;

namespace Gateway.Rtc.Sdp;

/// <summary>t= line (RFC 8866 §5.9) in NTP seconds, with its r= repeat lines kept as text (§5.10).</summary>
public sealed record SdpTiming(ulong Start, ulong Stop, ValueList<string> Repeats)
{
    /// <summary><c>t=0 0</c>: an unbounded session, what WebRTC and ffmpeg write.</summary>
    public static SdpTiming Unbounded { get; } = new(0, 0, ValueList<string>.Empty);

    public override string ToString() =>
        Start.ToString(CultureInfo.InvariantCulture) + " " + Stop.ToString(CultureInfo.InvariantCulture);

    internal static bool TryParse(string value, out SdpTiming? timing)
    {
        timing = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !SdpNumber.TryParseULong(parts[0], out ulong start) ||
            !SdpNumber.TryParseULong(parts[1], out ulong stop)) return false;
        timing = new(start, stop, ValueList<string>.Empty);
        return true;
    }
}
