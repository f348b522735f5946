using Gateway.Rtc.Turn;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// TURN ChannelData (RFC 8656 §12.4) as the relay hands it back: parse, check the slice is the one the header
/// announces, then write it again and parse the copy. Any disagreement is a finding.
/// </summary>
internal sealed class TurnChannelDataTarget : IFuzzTarget
{
    private readonly byte[] _copy = new byte[TurnChannelData.HeaderLength + ushort.MaxValue];

    public string Name => "turn";

    public void Run(ReadOnlySpan<byte> input)
    {
        bool looksLike = TurnChannelData.IsChannelData(input);
        if (!TurnChannelData.TryParse(input, out ushort channel, out var payload))
        {
            if (channel != 0 && !looksLike) throw new InvalidOperationException("channel set for a non-ChannelData datagram");
            return;
        }
        if (!looksLike) throw new InvalidOperationException("parsed a datagram IsChannelData refuses");
        if (channel is < TurnChannelData.MinChannel or > TurnChannelData.MaxChannel)
            throw new InvalidOperationException($"channel 0x{channel:x4} outside 0x4000–0x4FFF");
        int announced = (input[2] << 8) | input[3];
        if (payload.Length != announced) throw new InvalidOperationException($"payload {payload.Length} bytes, header says {announced}");
        if (!payload.SequenceEqual(input.Slice(TurnChannelData.HeaderLength, announced)))
            throw new InvalidOperationException("payload is not the bytes after the header");

        // Round trip: what we would send for this channel and payload parses back to the same thing.
        int written = TurnChannelData.Write(_copy, channel, payload);
        if (written != TurnChannelData.HeaderLength + payload.Length) throw new InvalidOperationException($"wrote {written} bytes");
        if (!TurnChannelData.TryParse(_copy.AsSpan(0, written), out ushort again, out var copied) || again != channel ||
            !copied.SequenceEqual(payload))
            throw new InvalidOperationException("written ChannelData does not parse back");
        // Too small a destination is refused with 0, never a partial write or an exception.
        if (written > 0 && TurnChannelData.Write(_copy.AsSpan(0, written - 1), channel, payload) != 0)
            throw new InvalidOperationException("short destination accepted");
    }
}
