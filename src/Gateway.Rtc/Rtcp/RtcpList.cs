namespace Gateway.Rtc.Rtcp;

/// <summary>
/// The items of a parsed packet (read lazily from its bytes) or of a packet about to be written (the caller's span):
/// either way nothing is copied or allocated.
/// </summary>
public readonly ref struct RtcpList<T> where T : struct, IRtcpListItem<T>
{
    private readonly ReadOnlySpan<byte> _wire;
    private readonly ReadOnlySpan<T> _items;
    private readonly bool _fromWire;

    /// <summary>Items to be written.</summary>
    public RtcpList(ReadOnlySpan<T> items)
    {
        _items = items;
        _fromWire = false;
        Count = items.Length;
    }

    /// <summary>Items as received; <paramref name="wire"/> holds exactly Count × WireSize bytes.</summary>
    internal RtcpList(ReadOnlySpan<byte> wire, int count)
    {
        _wire = wire;
        _fromWire = true;
        Count = count;
    }

    public int Count { get; }

    public int WireLength => Count * T.WireSize;

    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _fromWire ? T.Read(_wire.Slice(index * T.WireSize, T.WireSize)) : _items[index];
        }
    }

    public Enumerator GetEnumerator() => new(this);

    /// <summary>Copies the items into an array (tests, logs; not for the packet path).</summary>
    public T[] ToArray()
    {
        var array = new T[Count];
        for (var i = 0; i < Count; i++) array[i] = this[i];
        return array;
    }

    internal void WriteTo(Span<byte> destination)
    {
        if (_fromWire)
        {
            _wire.CopyTo(destination);
            return;
        }
        for (var i = 0; i < Count; i++) _items[i].Write(destination[(i * T.WireSize)..]);
    }

    public ref struct Enumerator(RtcpList<T> list)
    {
        private readonly RtcpList<T> _list = list;
        private int _index = -1;

        public readonly T Current => _list[_index];

        public bool MoveNext() => ++_index < _list.Count;
    }
}
