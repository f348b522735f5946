using Gateway.Rtc.Rtcp;

namespace Gateway.Rtc.Feedback;

/// <summary>Packs sequence numbers into generic NACK PID+BLP entries (RFC 4585 §6.2.1).</summary>
public static class NackPacker
{
    /// <summary>
    /// <paramref name="sequences"/> must be in ascending RTP order (with wraparound), as a jitter buffer lists them.
    /// Each entry covers its PID and the 16 numbers after it. Returns the number of pairs written (stops when full).
    /// </summary>
    public static int Pack(ReadOnlySpan<ushort> sequences, Span<NackPair> pairs)
    {
        var count = 0;
        var i = 0;
        while (i < sequences.Length && count < pairs.Length)
        {
            var pid = sequences[i++];
            ushort mask = 0;
            while (i < sequences.Length)
            {
                var distance = (ushort)(sequences[i] - pid);
                if (distance is 0 or > 16) break;
                mask |= (ushort)(1 << (distance - 1));
                i++;
            }
            pairs[count++] = new NackPair(pid, mask);
        }
        return count;
    }
}
