namespace Gateway.Rtc.Stun;

/// <summary>STUN methods (12 bits, RFC 8489 §18.2). ICE only needs Binding; other values pass through as numbers.</summary>
public enum StunMethod : ushort
{
    Binding = 0x001,
}
