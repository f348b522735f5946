namespace Gateway.Rtc.Stun;

/// <summary>
/// Method and class of a STUN message. On the wire the 14-bit type interleaves them (RFC 8489 §5):
/// M11..M7 C1 M6..M4 C0 M3..M0, so Binding request is 0x0001 and Binding success response 0x0101.
/// </summary>
public readonly record struct StunMessageType(StunMethod Method, StunClass Class)
{
    public static readonly StunMessageType BindingRequest = new(StunMethod.Binding, StunClass.Request);
    public static readonly StunMessageType BindingSuccess = new(StunMethod.Binding, StunClass.SuccessResponse);
    public static readonly StunMessageType BindingError = new(StunMethod.Binding, StunClass.ErrorResponse);
    public static readonly StunMessageType BindingIndication = new(StunMethod.Binding, StunClass.Indication);

    /// <summary>Largest method number that fits the 12 method bits.</summary>
    public const ushort MaxMethod = 0x0FFF;

    /// <summary>The 16-bit wire value (top two bits zero).</summary>
    public ushort ToWire()
    {
        int m = (ushort)Method & MaxMethod, c = (int)Class & 0x3;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
    }

    /// <summary>Splits a wire value into method and class; the top two bits are ignored (checked by the parser).</summary>
    public static StunMessageType FromWire(ushort value)
    {
        int m = (value & 0x000F) | ((value >> 1) & 0x0070) | ((value >> 2) & 0x0F80);
        int c = ((value >> 4) & 1) | ((value >> 7) & 2);
        return new StunMessageType((StunMethod)m, (StunClass)c);
    }
}
