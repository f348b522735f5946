using Gateway.Rtc.Rtp;

namespace Gateway.Fuzz.Targets;

internal sealed class RtpHeaderTarget : IFuzzTarget
{
    public string Name => "rtp";

    public void Run(ReadOnlySpan<byte> input)
    {
        // The extension walker must also survive raw bytes under either RFC 8285 profile.
        foreach (var element in RtpHeaderExtension.Enumerate(RtpHeaderExtension.OneByteProfile, input)) _ = element.Data.Length;
        foreach (var element in RtpHeaderExtension.Enumerate(RtpHeaderExtension.TwoByteProfile, input)) _ = element.Data.Length;

        if (!RtpHeader.TryParse(input, out var header, out var payload, out _)) return;
        // A parsed header must describe slices that really exist in the input.
        _ = input[payload];
        for (var i = 0; i < header.CsrcCount; i++) _ = header.GetCsrc(input, i);
        int extensionBytes = 0;
        foreach (var element in RtpHeaderExtension.Enumerate(header, input)) extensionBytes += element.Data.Length;
        if (extensionBytes > header.ExtensionLength) throw new InvalidOperationException("elements exceed the extension");
        Span<byte> destination = stackalloc byte[RtpHeader.FixedLength];
        if (!header.TryWriteTo(destination, out _)) throw new InvalidOperationException("write failed");

        // Feeding the sequence and timestamp state must not throw either.
        new SequenceTracker().Update(header.SequenceNumber, out _);
        new TimestampUnwrapper().Unwrap(header.Timestamp);
    }
}
