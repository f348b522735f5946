using System.Text;
using Gateway.Rtc.Sdp;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// SDP parser and writer: the input is decoded both as UTF-8 and as Latin-1 (so every byte value reaches the parser as
/// a character). Whatever parses must write back to text that parses to an equal model and the same text.
/// </summary>
internal sealed class SdpTarget : IFuzzTarget
{
    public string Name => "sdp";

    public void Run(ReadOnlySpan<byte> input)
    {
        Check(Encoding.UTF8.GetString(input));
        Check(Encoding.Latin1.GetString(input));
    }

    private static void Check(string text)
    {
        if (!SdpMessage.TryParse(text, out var message, out var error))
        {
            if (error.Reason == SdpParseErrorReason.None) throw new InvalidOperationException("failed without a reason");
            return;
        }
        // The queries later stages call must not throw either.
        foreach (var media in message.Media)
        {
            _ = media.GetCodecs();
            _ = media.GetRtcpPort();
            _ = media.GetIceCredentials(message);
            _ = media.GetFingerprint(message)?.TryGetBytes(out _);
            _ = media.GetDirection(message);
        }
        var written = message.ToString();
        if (!SdpMessage.TryParse(written, out var again, out error))
            throw new InvalidOperationException($"written SDP does not parse: {error}\n{written}");
        if (!message.Equals(again)) throw new InvalidOperationException($"round trip changed the model:\n{written}");
        if (again.ToString() != written) throw new InvalidOperationException("second write differs from the first");
    }
}
