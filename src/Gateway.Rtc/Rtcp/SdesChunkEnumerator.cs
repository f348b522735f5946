using System.Buffers.Binary;

namespace Gateway.Rtc.Rtcp;

/// <summary>Walks the chunks of an SDES packet body validated by <see cref="SourceDescription.TryParse"/>.</summary>
public ref struct SdesChunkEnumerator(ReadOnlySpan<byte> body, int count)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private readonly int _count = count;
    private int _offset;
    private int _index;

    public SdesChunk Current { get; private set; }

    public readonly SdesChunkEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_index >= _count || !SourceDescription.TryMeasureChunk(_body[_offset..], out int itemsLength, out int chunkLength)) return false;
        Current = new SdesChunk(BinaryPrimitives.ReadUInt32BigEndian(_body[_offset..]), _body.Slice(_offset + 4, itemsLength));
        _offset += chunkLength;
        _index++;
        return true;
    }
}
