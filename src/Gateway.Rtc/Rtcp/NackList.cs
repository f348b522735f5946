using Gateway.Rtc.Rtp;

namespace Gateway.Rtc.Rtcp;

/// <summary>Converts between lost sequence numbers and generic NACK entries (RFC 4585 §6.2.1).</summary>
public static class NackList
{
    /// <summary>
    /// Builds the fewest entries covering <paramref name="lost"/>, given in ascending RTP order (wrap-aware, so
    /// 65535 before 0). Each entry takes the first uncovered number as PID and every later one within 16 of it;
    /// for sorted input this greedy cover is minimal. Duplicates are ignored.
    /// </summary>
    public static bool TryBuild(ReadOnlySpan<ushort> lost, Span<NackPair> destination, out int count)
    {
        count = 0;
        var i = 0;
        while (i < lost.Length)
        {
            if (count == destination.Length) return false;
            ushort packetId = lost[i++];
            ushort bitmask = 0;
            while (i < lost.Length)
            {
                int distance = (ushort)(lost[i] - packetId);
                if (distance > 16) break;
                if (distance > 0) bitmask |= (ushort)(1 << (distance - 1));
                i++;
            }
            destination[count++] = new NackPair(packetId, bitmask);
        }
        return true;
    }

    /// <summary>Number of entries <see cref="TryBuild"/> needs, to size a buffer.</summary>
    public static int CountEntries(ReadOnlySpan<ushort> lost)
    {
        int count = 0, i = 0;
        while (i < lost.Length)
        {
            ushort packetId = lost[i++];
            while (i < lost.Length && (ushort)(lost[i] - packetId) <= 16) i++;
            count++;
        }
        return count;
    }

    /// <summary>Expands entries back into the sequence numbers they report lost, in order of appearance.</summary>
    public static bool TryExpand(RtcpList<NackPair> pairs, Span<ushort> destination, out int written)
    {
        written = 0;
        foreach (var pair in pairs)
        {
            if (!pair.TryCopyLostTo(destination[written..], out int n)) return false;
            written += n;
        }
        return true;
    }

    /// <summary>True when <paramref name="sequence"/> is reported lost by any entry.</summary>
    public static bool Contains(RtcpList<NackPair> pairs, ushort sequence)
    {
        foreach (var pair in pairs)
        {
            int distance = SequenceNumber.Distance(sequence, pair.PacketId);
            if (distance == 0 || (distance is > 0 and <= 16 && (pair.LostBitmask & (1 << (distance - 1))) != 0)) return true;
        }
        return false;
    }
}
