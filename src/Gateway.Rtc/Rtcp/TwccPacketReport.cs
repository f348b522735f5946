namespace Gateway.Rtc.Rtcp;

/// <summary>
/// One packet of a parsed TWCC feedback: its transport sequence number, symbol, delta and arrival time in 250 µs
/// ticks on the feedback sender's clock (reference time × 256 plus the deltas so far; meaningless when not received).
/// </summary>
public readonly record struct TwccPacketReport(ushort SequenceNumber, TwccSymbol Symbol, int DeltaTicks, long ArrivalTicks)
{
    public bool Received => Symbol != TwccSymbol.NotReceived;
}
