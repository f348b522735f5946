namespace Gateway.Pipelines.Receiving;

public sealed partial class JitterBuffer
{
    /// <summary>
    /// Writes the sequence numbers still missing and not yet past their deadline (the packets a NACK could still
    /// save, RFC 4585 §6.2.1), oldest first, into <paramref name="destination"/>; returns how many were written.
    /// </summary>
    public int GetNackCandidates(Span<ushort> destination)
    {
        if (_count == 0 || destination.IsEmpty) return 0;
        long now = _time.GetTimestamp();
        var written = 0;
        long gapStart = -1;
        for (long s = _next; s <= _highest && written < destination.Length; s++)
        {
            if (!IsHeld(s))
            {
                if (gapStart < 0) gapStart = s;
                continue;
            }
            if (gapStart >= 0)
            {
                // The gap's deadline runs from the insertion of the first packet behind it.
                if (now - _slots[s & _mask].HeldSince < _latencyTicks)
                {
                    for (long g = gapStart; g < s && written < destination.Length; g++) destination[written++] = (ushort)g;
                }
                gapStart = -1;
            }
        }
        return written;
    }
}
