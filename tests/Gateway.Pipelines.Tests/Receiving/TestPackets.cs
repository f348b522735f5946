using Gateway.Pipelines.Receiving;
using Gateway.Rtc.Rtp;

namespace Gateway.Pipelines.Tests.Receiving;

internal static class TestPackets
{
    /// <summary>Writes a real RTP datagram into an array rented from <paramref name="pool"/> and parses it back.</summary>
    public static (RtpHeader Header, byte[] Buffer, int Length, Range Payload) Rtp(
        CountingPool pool, ushort sequence, uint timestamp = 0, uint ssrc = 0x1234, int payloadSize = 100)
    {
        var length = RtpHeader.FixedLength + payloadSize;
        var buffer = pool.Rent(length);
        new RtpHeader(false, 96, sequence, timestamp, ssrc).TryWriteTo(buffer, out _);
        buffer.AsSpan(RtpHeader.FixedLength, payloadSize).Fill((byte)sequence);
        if (!RtpHeader.TryParse(buffer.AsSpan(0, length), out var header, out var payload, out _))
            throw new InvalidOperationException("test packet does not parse");
        return (header, buffer, length, payload);
    }

    public static InsertResult Insert(this JitterBuffer jitter, CountingPool pool, ushort sequence, int payloadSize = 100)
    {
        var (header, buffer, length, payload) = Rtp(pool, sequence, payloadSize: payloadSize);
        return jitter.Insert(header, buffer, length, payload);
    }

    /// <summary>Dequeues everything ready; packets are checked against their payload and returned to the pool.</summary>
    public static List<string> Drain(this JitterBuffer jitter)
    {
        var items = new List<string>();
        while (jitter.TryDequeue(out var packet))
        {
            using (packet)
            {
                items.Add(packet.Kind switch
                {
                    ReleasedPacketKind.Packet => Describe(packet),
                    ReleasedPacketKind.Lost => $"lost {(ushort)packet.ExtendedSequenceNumber}+{packet.Count}",
                    _ => "reset",
                });
            }
        }
        return items;
    }

    public static ushort[] DrainSequenceNumbers(this JitterBuffer jitter) =>
        jitter.Drain().Where(s => !s.StartsWith("lost", StringComparison.Ordinal) && s != "reset")
            .Select(ushort.Parse).ToArray();

    private static string Describe(in ReleasedPacket packet)
    {
        var payload = packet.PayloadSpan;
        if (payload.Length > 0 && payload[0] != (byte)packet.Header.SequenceNumber)
            throw new InvalidOperationException("payload does not belong to the header");
        if ((ushort)packet.ExtendedSequenceNumber != packet.Header.SequenceNumber)
            throw new InvalidOperationException("extended sequence number does not match the header");
        return packet.Header.SequenceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
