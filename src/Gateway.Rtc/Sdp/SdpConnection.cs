using System.Globalization;

namespace Gateway.Rtc.Sdp;

/// <summary>
/// c= line (RFC 8866 §5.7). For IP4 multicast the address may carry /ttl[/count]; for IP6 only /count. Other
/// address types keep the whole address text.
/// </summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address, int? Ttl = null, int? Count = null)
{
    public static SdpConnection Create(string address) =>
        new("IN", address.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4", address);

    public override string ToString()
    {
        var text = $"{NetworkType} {AddressType} {Address}";
        if (Ttl is { } ttl) text += "/" + ttl.ToString(CultureInfo.InvariantCulture);
        if (Count is { } count) text += "/" + count.ToString(CultureInfo.InvariantCulture);
        return text;
    }

    internal static bool TryParse(string value, out SdpConnection? connection)
    {
        connection = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3) return false;
        string address = parts[2];
        int? ttl = null, count = null;
        var slashes = address.Split('/');
        if (parts[1] is "IP4" or "IP6" && slashes.Length > 1)
        {
            // IP4: addr/ttl[/count]; IP6 has no TTL, so a single suffix is the count (§5.7).
            int maxSuffixes = parts[1] == "IP4" ? 2 : 1;
            if (slashes.Length - 1 > maxSuffixes || slashes[0].Length == 0) return false;
            var numbers = new int[slashes.Length - 1];
            for (var i = 1; i < slashes.Length; i++)
                if (!SdpNumber.TryParseInt(slashes[i], out numbers[i - 1])) return false;
            address = slashes[0];
            if (parts[1] == "IP4") { ttl = numbers[0]; count = numbers.Length > 1 ? numbers[1] : null; }
            else count = numbers[0];
        }
        connection = new(parts[0], parts[1], address, ttl, count);
        return true;
    }
}
