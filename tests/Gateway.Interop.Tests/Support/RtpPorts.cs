using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gateway.Interop.Tests.Support;

/// <summary>The video and audio RTP ports of an rtp capture's answer SDP (video first, as in the request).</summary>
public static partial class RtpPorts
{
    public static (int Video, int Audio) Of(JsonNode capture)
    {
        var ports = MediaPort().Matches(capture["source"]!["answerSdp"]!.GetValue<string>())
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, ports.Length);
        return (ports[0], ports[1]);
    }

    /// <summary>An SDP media line; group 1 is its port.</summary>
    [GeneratedRegex(@"m=\w+ (\d+) ")]
    public static partial Regex MediaPort();
}
