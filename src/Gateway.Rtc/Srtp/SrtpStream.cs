namespace Gateway.Rtc.Srtp;

/// <summary>Per-SSRC state of one direction: highest SRTP index (ROC and s_l of RFC 3711 §3.3.1), replay windows.</summary>
internal sealed class SrtpStream
{
    public ReplayWindow Rtp = new();
    public ReplayWindow Rtcp = new();

    /// <summary>Next SRTCP index to send. Starts at 1, as libsrtp does, so its reference packets match.</summary>
    public uint NextRtcpIndex = 1;

    /// <summary>
    /// Guesses the 48-bit packet index of <paramref name="sequence"/> from the highest index seen (RFC 3711 Appendix A):
    /// a sequence number far below s_l has wrapped into the next ROC, one far above is late from the previous ROC.
    /// A result below zero (a "previous ROC" before the first packet) is never valid.
    /// </summary>
    public static long EstimateIndex(in ReplayWindow window, ushort sequence)
    {
        if (window.Highest < 0) return sequence;
        long roc = window.Highest >> 16;
        int last = (int)(window.Highest & 0xFFFF);
        long guess;
        if (last < 0x8000) guess = sequence - last > 0x8000 ? roc - 1 : roc;
        else guess = last - 0x8000 > sequence ? roc + 1 : roc;
        return (guess << 16) | sequence;
    }
}
