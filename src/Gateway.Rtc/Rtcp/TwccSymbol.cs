namespace Gateway.Rtc.Rtcp;

/// <summary>Packet status symbols (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).</summary>
public enum TwccSymbol : byte
{
    NotReceived = 0,
    /// <summary>Received, delta 0..63.75 ms in one byte (250 µs ticks).</summary>
    SmallDelta = 1,
    /// <summary>Received, delta as a signed 16-bit count of 250 µs ticks (or negative).</summary>
    LargeDelta = 2,
}
