using System.Globalization;

namespace Gateway.Worker.Sources.Rtp;

/// <summary>An inclusive UDP port range such as "40000-40999".</summary>
public readonly record struct PortRange(int Low, int High)
{
    public static bool TryParse(string? text, out PortRange range)
    {
        range = default;
        if (text is null) return false;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0) return false;
        if (!int.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            || !int.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var high)) return false;
        if (low < 1 || high > 65535 || low > high) return false;
        range = new PortRange(low, high);
        return true;
    }

    public override string ToString() => $"{Low}-{High}";
}
