using System.Buffers.Binary;

namespace Gateway.Rtc.Stun;

/// <summary>
/// Walks the TLV attributes of a message (RFC 8489 §14): 16-bit type, 16-bit value length, value padded to 4 bytes.
/// Never throws: a truncated attribute ends the walk (<see cref="StunMessage.TryParse"/> has already rejected those).
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private int _next;
    private StunAttribute _current;

    /// <param name="message">The whole message, header included; attributes start at offset 20.</param>
    public StunAttributeEnumerator(ReadOnlySpan<byte> message)
    {
        _message = message;
        _next = StunMessage.HeaderLength;
        _current = default;
    }

    public readonly StunAttribute Current => _current;

    public readonly StunAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        int offset = _next;
        if (_message.Length - offset < StunMessage.AttributeHeaderLength) return false;
        var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(_message[offset..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]);
        int valueOffset = offset + StunMessage.AttributeHeaderLength;
        if (_message.Length - valueOffset < length) return false;
        _current = new StunAttribute(type, _message.Slice(valueOffset, length), offset);
        // The last attribute's padding may be missing only in a malformed message; stop cleanly then.
        _next = Math.Min(_message.Length, valueOffset + StunMessage.Pad(length));
        return true;
    }
}
