namespace Gateway.Rtc.Stun;

/// <summary>STUN methods (12 bits, RFC 8489 §18.2). ICE only needs Binding; other values pass through as numbers.</summary>
public enum StunMethod : ushort
{
    Binding = 0x001,
    // TURN (RFC 8656 §17)
    Allocate = 0x003,
    Refresh = 0x004,
    Send = 0x006,
    Data = 0x007,
    CreatePermission = 0x008,
    ChannelBind = 0x009,
}
