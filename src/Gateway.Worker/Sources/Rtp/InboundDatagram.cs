using Gateway.Rtc.Transport;

namespace Gateway.Worker.Sources.Rtp;

/// <summary>
/// A datagram in an array from <see cref="DatagramPool"/>, tagged with the socket it came in on. Exactly one holder calls Dispose.
/// </summary>
public readonly record struct InboundDatagram(byte[] Buffer, int Length, int SocketIndex, long ReceivedAt) : IDisposable
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public void Dispose() => DatagramPool.Shared.Return(Buffer);
}
