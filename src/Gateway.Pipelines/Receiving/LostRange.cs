namespace Gateway.Pipelines.Receiving;

/// <summary>Consecutive sequence numbers declared lost (missing, or dropped on overflow).</summary>
/// <param name="FirstExtended">Extended (wrap-counted) sequence number of the first lost packet.</param>
/// <param name="Count">How many consecutive sequence numbers, at least 1.</param>
public readonly record struct LostRange(long FirstExtended, long Count)
{
    /// <summary>The 16-bit sequence number of the first lost packet, as a NACK carries it (RFC 4585 §6.2.1).</summary>
    public ushort FirstSequenceNumber => (ushort)FirstExtended;
}
