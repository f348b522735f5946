namespace Gateway.Rtc.Rtp;

/// <summary>What <see cref="SequenceTracker.Update"/> made of a sequence number (RFC 3550 §A.1).</summary>
public enum SequenceUpdate
{
    /// <summary>In order, after a gap, or a late/duplicate packet within the misorder window: counted as received.</summary>
    Accepted,
    /// <summary>The source is on probation (not yet MinSequential packets in a row): not counted.</summary>
    Probation,
    /// <summary>A jump larger than MaxDropout: remembered as a possible restart, not counted.</summary>
    BadJump,
    /// <summary>The second packet after a jump followed it: the source restarted and state was reset to it.</summary>
    Resynchronized,
}
