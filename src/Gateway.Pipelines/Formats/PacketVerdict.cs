namespace Gateway.Pipelines.Formats;

/// <summary>What a codec made of one packet's payload while assembling a frame.</summary>
internal enum PacketVerdict
{
    /// <summary>The payload was added to the frame (or legitimately carried nothing to keep, such as an AUD).</summary>
    Accepted,
    /// <summary>The packet was malformed, out of place (a fragment without its start) or hit a limit: drop the frame.</summary>
    Drop,
}
