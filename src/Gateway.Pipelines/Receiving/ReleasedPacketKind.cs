namespace Gateway.Pipelines.Receiving;

public enum ReleasedPacketKind
{
    /// <summary>A packet, in sequence order.</summary>
    Packet,
    /// <summary>A run of sequence numbers was declared lost: the depacketizer resets, video asks for a key frame.</summary>
    Lost,
    /// <summary>The stream restarted (sequence jump, SSRC change): everything held was dropped.</summary>
    Reset,
}
