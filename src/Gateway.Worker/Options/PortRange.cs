using System.Globalization;

namespace Gateway.Worker.Options;

/// <summary>An inclusive UDP port range written "low-high", as in <c>Gateway:Rtp:PortRange</c>.</summary>
public readonly record struct PortRange(int Low, int High)
{
    /// <summary>How many ports the range holds.</summary>
    public int Count => High - Low + 1;

    /// <summary>Parses "low-high" with 1 &lt;= low &lt;= high &lt;= 65535. Never throws.</summary>
    public static bool TryParse(string? text, out PortRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0) return false;
        if (!TryParsePort(text.AsSpan(0, dash), out var low) || !TryParsePort(text.AsSpan(dash + 1), out var high)) return false;
        if (low > high) return false;
        range = new PortRange(low, high);
        return true;
    }

    public override string ToString() => $"{Low}-{High}";

    private static bool TryParsePort(ReadOnlySpan<char> text, out int port) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
}
