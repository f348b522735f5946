namespace Gateway.Rtc.Stun;

/// <summary>One attribute as it sits in a parsed message: its type, value (without padding) and offset of its header.</summary>
public readonly ref struct StunAttribute(StunAttributeType type, ReadOnlySpan<byte> value, int offset)
{
    public StunAttributeType Type { get; } = type;

    public ReadOnlySpan<byte> Value { get; } = value;

    /// <summary>Offset of the attribute's 4-byte header from the start of the message.</summary>
    public int Offset { get; } = offset;

    /// <summary>Bytes the attribute occupies in the message: header, value and padding to a multiple of 4.</summary>
    public int PaddedLength => StunMessage.AttributeHeaderLength + StunMessage.Pad(Value.Length);
}
