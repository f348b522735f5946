using Gateway.Rtc.Rtp;

namespace Gateway.Pipelines.Tests.Formats;

/// <summary>Hex RTP captures under testdata/formats, one datagram per line, parsed into headers and payloads.</summary>
internal static class Captures
{
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "testdata", "formats", relative);

    public static List<(RtpHeader Header, byte[] Payload)> Load(string relative)
    {
        var packets = new List<(RtpHeader, byte[])>();
        foreach (var line in File.ReadLines(PathOf(relative)))
        {
            if (line.Length == 0) continue;
            var datagram = Convert.FromHexString(line);
            Assert.True(RtpHeader.TryParse(datagram, out var header, out var payload, out var error), $"capture line: {error}");
            packets.Add((header, datagram[payload]));
        }
        return packets;
    }

    public static RtpHeader Header(uint timestamp, bool marker = false, ushort sequence = 1) =>
        new(marker, 96, sequence, timestamp, 0x11223344);
}
