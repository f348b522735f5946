namespace Gateway.Rtc.Rtcp;

/// <summary>Packet status chunk encoding (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.3, §3.1.4).</summary>
internal static class TwccChunk
{
    public const int MaxRunLength = 0x1FFF;
    public const int OneBitCapacity = 14;
    public const int TwoBitCapacity = 7;

    /// <summary>How many symbols a chunk describes (capacity for vectors; the last one may be partly used).</summary>
    public static int SymbolCount(ushort chunk) =>
        (chunk & 0x8000) == 0 ? chunk & MaxRunLength : (chunk & 0x4000) == 0 ? OneBitCapacity : TwoBitCapacity;

    /// <summary>Symbol <paramref name="index"/> of the chunk (0-based, most significant first). Can be 3 (reserved).</summary>
    public static int SymbolAt(ushort chunk, int index)
    {
        if ((chunk & 0x8000) == 0) return (chunk >> 13) & 0x3; // run length: T=0, S (2 bits), length (13 bits)
        if ((chunk & 0x4000) == 0) return (chunk >> (13 - index)) & 0x1; // 14 one-bit symbols
        return (chunk >> (12 - 2 * index)) & 0x3; // 7 two-bit symbols
    }

    public static ushort RunLength(TwccSymbol symbol, int length) => (ushort)(((int)symbol << 13) | length);

    public static ushort OneBitVector(ReadOnlySpan<TwccPacketStatus> statuses)
    {
        int chunk = 0x8000;
        for (var i = 0; i < statuses.Length; i++) chunk |= (int)statuses[i].Symbol << (13 - i);
        return (ushort)chunk;
    }

    public static ushort TwoBitVector(ReadOnlySpan<TwccPacketStatus> statuses)
    {
        int chunk = 0xC000;
        for (var i = 0; i < statuses.Length; i++) chunk |= (int)statuses[i].Symbol << (12 - 2 * i);
        return (ushort)chunk;
    }
}
