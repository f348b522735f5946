namespace Gateway.Rtc.Tests.Rtp;

/// <summary>Reads the hex-per-line captures copied to the test output under testdata/.</summary>
internal static class TestDataFiles
{
    public static byte[][] HexLines(string relativePath) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "testdata", relativePath))
            .Where(line => line.Length > 0)
            .Select(Convert.FromHexString)
            .ToArray();
}
