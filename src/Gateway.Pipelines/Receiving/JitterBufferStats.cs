namespace Gateway.Pipelines.Receiving;

/// <summary>Counters of one <see cref="JitterBuffer"/> since it was created (resets included).</summary>
/// <param name="Accepted">Packets held for release.</param>
/// <param name="Released">Packets handed out in order.</param>
/// <param name="Duplicates">Packets whose sequence number was held or released already.</param>
/// <param name="TooLate">Packets that arrived behind the release point.</param>
/// <param name="OutOfRange">Packets too far from the stream (restart candidates).</param>
/// <param name="Lost">Sequence numbers declared missing after waiting (or skipped on overflow).</param>
/// <param name="Dropped">Held packets discarded by the caps or a reset.</param>
/// <param name="Resets">Times the buffer started over.</param>
/// <param name="HeldPackets">Packets held right now.</param>
/// <param name="HeldBytes">Bytes held right now.</param>
public readonly record struct JitterBufferStats(
    long Accepted, long Released, long Duplicates, long TooLate, long OutOfRange, long Lost, long Dropped, long Resets,
    int HeldPackets, long HeldBytes);
