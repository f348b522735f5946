namespace Gateway.Rtc.Rtcp;

/// <summary>A fixed-size item repeated in an RTCP packet body (report blocks, NACK pairs, FIR entries).</summary>
public interface IRtcpListItem<TSelf> where TSelf : struct, IRtcpListItem<TSelf>
{
    static abstract int WireSize { get; }

    /// <summary>Reads one item from at least <see cref="WireSize"/> bytes.</summary>
    static abstract TSelf Read(ReadOnlySpan<byte> source);

    /// <summary>Writes one item into at least <see cref="WireSize"/> bytes.</summary>
    void Write(Span<byte> destination);
}
