using System.Buffers;

namespace Gateway.Worker.Sources.Rtp;

/// <summary>
/// A datagram in a pooled array, tagged with the socket it came in on. Exactly one holder calls Dispose.
/// </summary>
public readonly record struct InboundDatagram(byte[] Buffer, int Length, int SocketIndex, long ReceivedAt) : IDisposable
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(Buffer);
}
