using System.Buffers.Binary;

namespace Gateway.Rtc.Rtcp;

/// <summary>A list of 32-bit SSRCs (BYE, REMB) read lazily from the packet or taken from the caller's span.</summary>
public readonly ref struct SsrcList
{
    private readonly ReadOnlySpan<byte> _wire;
    private readonly ReadOnlySpan<uint> _items;
    private readonly bool _fromWire;

    public SsrcList(ReadOnlySpan<uint> items)
    {
        _items = items;
        Count = items.Length;
    }

    internal SsrcList(ReadOnlySpan<byte> wire, int count)
    {
        _wire = wire;
        _fromWire = true;
        Count = count;
    }

    public int Count { get; }

    public int WireLength => Count * 4;

    public uint this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _fromWire ? BinaryPrimitives.ReadUInt32BigEndian(_wire[(index * 4)..]) : _items[index];
        }
    }

    public Enumerator GetEnumerator() => new(this);

    public uint[] ToArray()
    {
        var array = new uint[Count];
        for (var i = 0; i < Count; i++) array[i] = this[i];
        return array;
    }

    internal void WriteTo(Span<byte> destination)
    {
        for (var i = 0; i < Count; i++) BinaryPrimitives.WriteUInt32BigEndian(destination[(i * 4)..], this[i]);
    }

    public ref struct Enumerator(SsrcList list)
    {
        private readonly SsrcList _list = list;
        private int _index = -1;

        public readonly uint Current => _list[_index];

        public bool MoveNext() => ++_index < _list.Count;
    }
}
