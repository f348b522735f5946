namespace Gateway.Pipelines.Receiving;

/// <summary>What <see cref="RtpReceiver.Receive"/> did with a packet.</summary>
public enum ReceiveResult
{
    /// <summary>Queued in the jitter buffer.</summary>
    Accepted,
    /// <summary>Queued while the source is on probation (RFC 3550 §A.1); not counted yet.</summary>
    Probation,
    /// <summary>Queued; the track moved to this packet's SSRC.</summary>
    SsrcChanged,
    /// <summary>Queued; the sequence numbers restarted (§A.1 resync) and the jitter buffer started over.</summary>
    Restarted,
    Duplicate,
    TooLate,
    /// <summary>A sequence jump larger than MAX_DROPOUT; dropped until confirmed by the next packet.</summary>
    BadSequence,
    /// <summary>Another SSRC while the current one is still active; dropped.</summary>
    ForeignSsrc,
}
