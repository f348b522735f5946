using Gateway.Rtc.Rtp;

namespace Gateway.Fuzz.Targets;

internal sealed class RtpHeaderTarget : IFuzzTarget
{
    public string Name => "rtp";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (!RtpHeader.TryParse(input, out var header, out var payload, out _)) return;
        // A parsed header must describe slices that really exist in the input.
        _ = input[payload];
        for (var i = 0; i < header.CsrcCount; i++) _ = header.GetCsrc(input, i);
        Span<byte> destination = stackalloc byte[RtpHeader.FixedLength];
        if (!header.TryWriteTo(destination, out _)) throw new InvalidOperationException("write failed");
    }
}
