namespace Gateway.Rtc.Rtp;

/// <summary>
/// Walks RFC 8285 extension elements without copying or throwing. Padding bytes (0) are skipped; in the one-byte form
/// id 15 ends the walk (§4.2). An element running past the end stops the walk and sets <see cref="Truncated"/>.
/// </summary>
public ref struct RtpExtensionEnumerator
{
    private readonly ReadOnlySpan<byte> _elements;
    private readonly RtpExtensionForm _form;
    private int _offset;

    public RtpExtensionEnumerator(ushort profile, ReadOnlySpan<byte> elements)
    {
        _elements = elements;
        _form = RtpHeaderExtension.FormOf(profile);
        _offset = 0;
        Current = default;
        Truncated = false;
    }

    public RtpExtensionElement Current { get; private set; }

    /// <summary>True when the walk stopped at an element whose length runs past the extension.</summary>
    public bool Truncated { get; private set; }

    public readonly RtpExtensionEnumerator GetEnumerator() => this;

    public bool MoveNext() => _form switch
    {
        RtpExtensionForm.OneByte => MoveNextOneByte(),
        RtpExtensionForm.TwoByte => MoveNextTwoByte(),
        _ => false,
    };

    private bool MoveNextOneByte()
    {
        while (_offset < _elements.Length && _elements[_offset] == 0) _offset++; // padding, §4.2
        if (_offset >= _elements.Length) return false;
        int id = _elements[_offset] >> 4;
        int length = (_elements[_offset] & 0x0F) + 1;
        // id 15 is reserved: stop, ignoring its length (§4.2). id 0 with a length is not padding and is not valid.
        if (id == 15 || id == 0) return Stop();
        return Take(id, _offset + 1, length);
    }

    private bool MoveNextTwoByte()
    {
        while (_offset < _elements.Length && _elements[_offset] == 0) _offset++; // padding, §4.3
        if (_offset >= _elements.Length) return false;
        if (_elements.Length - _offset < 2) return Truncate();
        return Take(_elements[_offset], _offset + 2, _elements[_offset + 1]);
    }

    private bool Take(int id, int dataOffset, int length)
    {
        if (length > _elements.Length - dataOffset) return Truncate();
        Current = new RtpExtensionElement(id, _elements.Slice(dataOffset, length));
        _offset = dataOffset + length;
        return true;
    }

    private bool Truncate()
    {
        Truncated = true;
        return Stop();
    }

    private bool Stop()
    {
        _offset = _elements.Length;
        return false;
    }
}
