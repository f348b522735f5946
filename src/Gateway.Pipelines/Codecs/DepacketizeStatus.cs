namespace Gateway.Pipelines.Codecs;

/// <summary>What one packet pushed into an <see cref="IDepacketizer"/> produced.</summary>
public enum DepacketizeStatus
{
    /// <summary>The packet was taken; the frame is not complete yet (or the packet carried nothing to keep).</summary>
    NeedMorePackets,
    /// <summary>A whole frame was written to the caller's writer; its details are in the <see cref="FrameInfo"/>.</summary>
    FrameComplete,
    /// <summary>The frame being assembled was discarded (a cap was hit or the packet was malformed).</summary>
    FrameDropped,
}
