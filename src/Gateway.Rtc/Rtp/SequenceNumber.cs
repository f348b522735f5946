namespace Gateway.Rtc.Rtp;

/// <summary>Serial number arithmetic on 16-bit RTP sequence numbers (RFC 3550 §A.1, RFC 1982).</summary>
public static class SequenceNumber
{
    /// <summary>True when <paramref name="a"/> comes after <paramref name="b"/>; 0 follows 65535.</summary>
    public static bool IsNewer(ushort a, ushort b) => a != b && (ushort)(a - b) < 0x8000;

    /// <summary>Signed distance from <paramref name="older"/> to <paramref name="newer"/>, in -32768..32767.</summary>
    public static int Distance(ushort newer, ushort older) => (short)(newer - older);
}
