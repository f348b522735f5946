namespace Gateway.Rtc.Rtcp;

/// <summary>Walks the items of one SDES chunk; stops at the end item or at anything that does not fit.</summary>
public ref struct SdesItemEnumerator(ReadOnlySpan<byte> items)
{
    private readonly ReadOnlySpan<byte> _items = items;
    private int _offset;

    public SdesItem Current { get; private set; }

    public readonly SdesItemEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_items.Length - _offset < 2 || _items[_offset] == (byte)SdesItemType.End) return false;
        int length = _items[_offset + 1];
        if (_items.Length - _offset - 2 < length) return false;
        Current = new SdesItem((SdesItemType)_items[_offset], _items.Slice(_offset + 2, length));
        _offset += 2 + length;
        return true;
    }
}
