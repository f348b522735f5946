namespace Gateway.Rtc.Rtp;

/// <summary>Wrap-safe arithmetic on 32-bit RTP timestamps (RFC 3550 §5.1: they wrap modulo 2^32).</summary>
public static class RtpTimestamp
{
    /// <summary>Signed ticks from <paramref name="older"/> to <paramref name="newer"/>; 0 is one tick after 0xFFFFFFFF.</summary>
    public static int Difference(uint newer, uint older) => (int)(newer - older);

    /// <summary>True when <paramref name="a"/> is later than <paramref name="b"/> by less than half the range.</summary>
    public static bool IsNewer(uint a, uint b) => a != b && a - b < 0x8000_0000u;
}
