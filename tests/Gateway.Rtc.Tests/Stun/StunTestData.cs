namespace Gateway.Rtc.Tests.Stun;

/// <summary>Reads hex files from tests/testdata/stun: '#' starts a comment line, whitespace is ignored.</summary>
internal static class StunTestData
{
    public const string Password = "VOkJxbRl1RmTxUk/WvJxBt";

    public static byte[] Load(string name) =>
        Hex(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "stun", name)));

    public static byte[] Hex(string text)
    {
        var digits = string.Concat(text.Split('\n').Where(line => !line.TrimStart().StartsWith('#'))
            .SelectMany(line => line.Where(Uri.IsHexDigit)));
        return Convert.FromHexString(digits);
    }
}
