namespace Gateway.Pipelines.Receiving;

/// <summary>What <see cref="JitterBuffer"/> did with an inserted packet. Only <see cref="Accepted"/> keeps the buffer.</summary>
public enum InsertResult
{
    /// <summary>Held for release in sequence order; the buffer now belongs to the jitter buffer.</summary>
    Accepted,
    /// <summary>The same sequence number is held or was released already; the buffer was returned.</summary>
    Duplicate,
    /// <summary>Behind the release point (its slot was declared lost or never seen); the buffer was returned.</summary>
    TooLate,
    /// <summary>Too far from the stream to be reordering; dropped, and remembered in case the stream restarted.</summary>
    OutOfRange,
}
