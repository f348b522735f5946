namespace Gateway.Rtc.Rtcp;

/// <summary>
/// What a TWCC feedback says about one transport sequence number, as given to the writer: the symbol and the
/// receive delta from the previous received packet (or the reference time) in 250 µs ticks (0 when not received).
/// </summary>
public readonly record struct TwccPacketStatus(TwccSymbol Symbol, int DeltaTicks)
{
    public static TwccPacketStatus NotReceived => default;

    /// <summary>The smallest symbol that can carry <paramref name="deltaTicks"/> (§3.1.5).</summary>
    public static TwccPacketStatus Received(int deltaTicks) =>
        new(deltaTicks is >= 0 and <= byte.MaxValue ? TwccSymbol.SmallDelta : TwccSymbol.LargeDelta, deltaTicks);

    internal bool IsEncodable => Symbol switch
    {
        TwccSymbol.NotReceived => DeltaTicks == 0,
        TwccSymbol.SmallDelta => DeltaTicks is >= 0 and <= byte.MaxValue,
        TwccSymbol.LargeDelta => DeltaTicks is >= short.MinValue and <= short.MaxValue,
        _ => false,
    };
}
