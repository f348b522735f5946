namespace Gateway.Rtc.Srtp;

/// <summary>
/// Replay list of RFC 3711 §3.3.2 as a 64-entry sliding bitmask (the minimum the RFC asks for): bit i set means
/// index <see cref="Highest"/> − i was received. Indices are 48-bit SRTP or 31-bit SRTCP indices.
/// </summary>
internal struct ReplayWindow
{
    public const int Size = 64;

    private ulong _mask;

    public ReplayWindow() => Highest = -1;

    /// <summary>The highest index accepted so far, or -1 before the first packet.</summary>
    public long Highest { get; private set; }

    /// <summary>True when <paramref name="index"/> was accepted before or has fallen behind the window.</summary>
    public readonly bool IsReplayed(long index)
    {
        if (index < 0) return true;
        if (Highest < 0 || index > Highest) return false;
        long behind = Highest - index;
        return behind >= Size || ((_mask >> (int)behind) & 1) != 0;
    }

    /// <summary>Marks <paramref name="index"/> received; call only after the packet authenticated.</summary>
    public void Accept(long index)
    {
        if (Highest < 0)
        {
            Highest = index;
            _mask = 1;
        }
        else if (index > Highest)
        {
            long ahead = index - Highest;
            _mask = ahead >= Size ? 1 : (_mask << (int)ahead) | 1;
            Highest = index;
        }
        else
        {
            _mask |= 1ul << (int)(Highest - index);
        }
    }
}
