namespace Gateway.Rtc.Rtcp;

/// <summary>
/// Walks the packets of a compound RTCP datagram (RFC 3550 §6.1) without copying or throwing. It yields each packet
/// whose header and length are sound and stops at the first that is not, setting <see cref="Error"/>.
/// </summary>
public ref struct RtcpCompoundEnumerator
{
    private readonly ReadOnlySpan<byte> _datagram;
    private int _offset;

    public RtcpCompoundEnumerator(ReadOnlySpan<byte> datagram)
    {
        _datagram = datagram;
        _offset = 0;
        Current = default;
        Error = RtcpParseError.None;
    }

    public RtcpPacket Current { get; private set; }

    /// <summary>Why the walk stopped early; None when it reached the end of the datagram.</summary>
    public RtcpParseError Error { get; private set; }

    public readonly RtcpCompoundEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_offset >= _datagram.Length) return false;
        if (!RtcpPacket.TryRead(_datagram[_offset..], out var packet, out var error))
        {
            Error = error;
            _offset = _datagram.Length;
            return false;
        }
        Current = packet;
        _offset += packet.Data.Length;
        return true;
    }
}
