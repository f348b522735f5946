using System.Buffers;
using Gateway.Rtc.Transport;

namespace Gateway.Pipelines.Receiving;

/// <summary>Limits of one track's <see cref="JitterBuffer"/>. Plain init-only options with working defaults.</summary>
public sealed record JitterBufferOptions
{
    /// <summary>
    /// How long a missing packet is waited for, counted from the insertion of the first packet after the gap
    /// (its arrival, unless the inserting thread lagged behind the socket).
    /// 150 ms: plain RTP has no retransmission, so the wait only has to cover reordering on the path (a few ms on
    /// LANs, tens of ms across the internet); it also leaves room for one NACK round trip on the WebRTC path, and
    /// a recording does not care about the added delay, only about frames lost to impatience.
    /// </summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Hard cap on packets held; on overflow the oldest is dropped and declared lost. 1024 packets hold
    /// 150 ms of a ~65 Mbit/s stream of 1200-byte packets, far above what a capture receives.</summary>
    public int MaxPackets { get; init; } = 1024;

    /// <summary>Hard cap on bytes held (datagram lengths), so large datagrams cannot grow memory past this.</summary>
    public long MaxBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>
    /// A packet this far (in sequence numbers) ahead of the newest or behind the release point is not reordering
    /// but a restart: it is dropped, and if the next packet follows it, the buffer resynchronizes
    /// (the MAX_DROPOUT idea of RFC 3550 §A.1).
    /// </summary>
    public int ResyncDistance { get; init; } = 3000;

    /// <summary>Where held buffers go back to. Every buffer handed to <see cref="JitterBuffer.Insert(in Gateway.Rtc.Rtp.RtpHeader, byte[], int, Range, long)"/> is returned here exactly once.</summary>
    public ArrayPool<byte> Pool { get; init; } = DatagramPool.Shared;
}
