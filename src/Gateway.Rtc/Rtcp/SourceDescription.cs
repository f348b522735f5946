using System.Text;

namespace Gateway.Rtc.Rtcp;

/// <summary>
/// Source description, PT 202 (RFC 3550 §6.5): SC chunks, each an SSRC and items (CNAME, ...), ended by one or more
/// null octets up to the next 32-bit boundary. Parsing validates every chunk; the enumerators then only read.
/// Write with <see cref="SourceDescriptionWriter"/> or <see cref="TryWriteCName"/>.
/// </summary>
public readonly ref struct SourceDescription
{
    private readonly ReadOnlySpan<byte> _packet;

    private SourceDescription(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body, int count)
    {
        _packet = packet;
        Chunks = new SdesChunkEnumerator(body, count);
        ChunkCount = count;
    }

    public int ChunkCount { get; }

    public SdesChunkEnumerator Chunks { get; }

    public static bool TryParse(ReadOnlySpan<byte> data, out SourceDescription description, out RtcpParseError error)
    {
        description = default;
        if (!RtcpPacket.TryRead(data, RtcpPacketType.SourceDescription, -1, out var packet, out error)) return false;
        var body = packet.Payload;
        int offset = 0;
        for (var i = 0; i < packet.Count; i++)
        {
            if (body.Length - offset < 4) return RtcpFail.With(RtcpParseError.BadCount, out error);
            if (!TryMeasureChunk(body[offset..], out _, out int chunkLength)) return RtcpFail.With(RtcpParseError.Malformed, out error);
            offset += chunkLength;
        }
        description = new SourceDescription(packet.Data, body, packet.Count);
        return true;
    }

    /// <summary>Copies the packet as parsed (padding dropped, so the length field is rewritten).</summary>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = 0;
        if (_packet.IsEmpty || !RtcpPacket.TryRead(_packet, out var packet, out _)) return false;
        int length = RtcpHeader.Size + ((packet.Payload.Length + 3) & ~3);
        if (destination.Length < length) return false;
        RtcpHeader.Write(destination, ChunkCount, RtcpPacketType.SourceDescription, length);
        packet.Payload.CopyTo(destination[RtcpHeader.Size..]);
        destination[(RtcpHeader.Size + packet.Payload.Length)..length].Clear();
        written = length;
        return true;
    }

    /// <summary>The common case: one chunk with one CNAME item (RFC 3550 §6.5.1).</summary>
    public static bool TryWriteCName(Span<byte> destination, uint ssrc, string cname, out int written)
    {
        written = 0;
        if (Encoding.UTF8.GetByteCount(cname) > 255) return false;
        Span<byte> text = stackalloc byte[255];
        int length = Encoding.UTF8.GetBytes(cname, text);
        var writer = new SourceDescriptionWriter(destination);
        return writer.TryAddChunk(ssrc) && writer.TryAddItem(SdesItemType.CName, text[..length]) && writer.TryFinish(out written);
    }

    /// <summary>Finds a chunk's extent: items, then at least one null octet, then padding to 32 bits.</summary>
    internal static bool TryMeasureChunk(ReadOnlySpan<byte> chunk, out int itemsLength, out int chunkLength)
    {
        itemsLength = chunkLength = 0;
        if (chunk.Length < 4) return false;
        int offset = 4;
        while (true)
        {
            if (offset >= chunk.Length) return false; // no terminating null octet
            if (chunk[offset] == (byte)SdesItemType.End) break;
            if (chunk.Length - offset < 2 || chunk.Length - offset - 2 < chunk[offset + 1]) return false;
            offset += 2 + chunk[offset + 1];
        }
        itemsLength = offset - 4;
        chunkLength = (offset + 1 + 3) & ~3; // the null octet, then up to the next 32-bit boundary
        return chunkLength <= chunk.Length;
    }
}
