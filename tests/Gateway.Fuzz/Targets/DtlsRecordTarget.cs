using Gateway.Rtc.Dtls;

namespace Gateway.Fuzz.Targets;

/// <summary>The DTLS record header parser as the demultiplexer uses it: walk every record of a datagram.</summary>
internal sealed class DtlsRecordTarget : IFuzzTarget
{
    public string Name => "dtls";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty || !DtlsRecord.IsDtls(input[0])) return;
        var rest = input;
        while (!rest.IsEmpty)
        {
            if (!DtlsRecord.TryParseHeader(rest, out var type, out var version, out _, out var sequence, out var length, out var error))
            {
                if (error == DtlsRecordParseError.None) throw new InvalidOperationException("failure without a reason");
                return;
            }
            if ((byte)type is < 20 or > 25 || version >> 8 != 0xFE || sequence > 0xFFFF_FFFF_FFFFUL)
                throw new InvalidOperationException($"impossible header: {type} {version:X4} {sequence}");
            // The record must lie inside the datagram: slicing throws if the parser lied about the length.
            rest = rest[(DtlsRecord.HeaderLength + length)..];
        }
    }
}
