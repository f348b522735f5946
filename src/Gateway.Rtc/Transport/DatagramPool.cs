using System.Buffers;

namespace Gateway.Rtc.Transport;

/// <summary>
/// The buffers received datagrams live in, from the socket through SRTP and the jitter buffer until the packet's
/// payload is copied into a frame. <see cref="ArrayPool{T}.Shared"/> keeps only a few dozen arrays per size and core:
/// with tens of captures each holding a tick's worth of packets (and a jitter buffer's worth behind a loss) more are in
/// flight than that, so part of every tick's buffers were new arrays (the load harness measured ~1 KB allocated per
/// packet at N = 10). This pool keeps up to <see cref="MaxBuffers"/> per size.
/// </summary>
public static class DatagramPool
{
    /// <summary>Every datagram fits: a UDP payload on a 1500-byte MTU path, with room for jumbo senders.</summary>
    public const int MaxDatagram = 2048;

    /// <summary>About two seconds of packets at 100 streams of 2.5 Mbit/s; arrays are only kept once returned.</summary>
    public const int MaxBuffers = 65536;

    public static ArrayPool<byte> Shared { get; } = ArrayPool<byte>.Create(MaxDatagram, MaxBuffers);

    /// <summary>A buffer for one datagram.</summary>
    public static byte[] Rent() => Shared.Rent(MaxDatagram);
}
