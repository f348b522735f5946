using Gateway.Rtc.Sdp;

namespace Gateway.Rtc.Tests.Sdp;

internal static class SdpTestData
{
    public static readonly string[] Captures =
        ["ffmpeg-h264-opus.sdp", "ffmpeg-vp8-opus-pcmu.sdp", "chromium-offer-default.sdp", "chromium-offer-h264.sdp"];

    private static readonly Dictionary<string, string> Cache = [];

    public static string Read(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var text))
                Cache[name] = text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "sdp", name));
            return text;
        }
    }

    public static SdpMessage Parse(string text)
    {
        Assert.True(SdpMessage.TryParse(text, out var message, out var error), error.ToString());
        Assert.Equal(SdpParseErrorReason.None, error.Reason);
        return message;
    }

    public static SdpMessage ParseCapture(string name) => Parse(Read(name));

    /// <summary>Text as written with LF endings and no trailing line break, to compare modulo line endings.</summary>
    public static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');

    /// <summary>Joins lines with CRLF (with a final CRLF), the way the writer emits them.</summary>
    public static string Crlf(params string[] lines) => string.Join("\r\n", lines) + "\r\n";
}
