using System.Buffers.Binary;

namespace Gateway.Rtc.Rtcp;

/// <summary>Walks the packets of a TWCC feedback validated by <see cref="TransportWideCcFeedback.TryParse"/>.</summary>
public ref struct TwccPacketEnumerator
{
    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;
    private readonly ushort _baseSequence;
    private readonly int _statusCount;
    private int _emitted;
    private int _chunkOffset;
    private int _indexInChunk;
    private int _deltaOffset;
    private long _arrivalTicks;

    internal TwccPacketEnumerator(ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas, ushort baseSequence, int statusCount, int referenceTime)
    {
        _chunks = chunks;
        _deltas = deltas;
        _baseSequence = baseSequence;
        _statusCount = statusCount;
        _arrivalTicks = referenceTime * 256L; // 64 ms reference units = 256 × 250 µs
        Current = default;
    }

    public TwccPacketReport Current { get; private set; }

    public readonly TwccPacketEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (true)
        {
            if (_emitted >= _statusCount || _chunks.Length - _chunkOffset < 2) return false;
            ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks[_chunkOffset..]);
            if (_indexInChunk >= TwccChunk.SymbolCount(chunk))
            {
                _chunkOffset += 2;
                _indexInChunk = 0;
                continue;
            }
            var symbol = (TwccSymbol)TwccChunk.SymbolAt(chunk, _indexInChunk++);
            int delta = 0;
            if (symbol == TwccSymbol.SmallDelta && _deltaOffset < _deltas.Length)
            {
                delta = _deltas[_deltaOffset++];
            }
            else if (symbol == TwccSymbol.LargeDelta && _deltas.Length - _deltaOffset >= 2)
            {
                delta = BinaryPrimitives.ReadInt16BigEndian(_deltas[_deltaOffset..]);
                _deltaOffset += 2;
            }
            _arrivalTicks += delta;
            Current = new TwccPacketReport((ushort)(_baseSequence + _emitted), symbol, delta, _arrivalTicks);
            _emitted++;
            return true;
        }
    }
}
