namespace Gateway.Pipelines.Formats.Vp9;

/// <summary>The first bits of a VP9 uncompressed header (VP9 bitstream spec §6.2) that tell a key frame.</summary>
public static class Vp9FrameHeader
{
    /// <summary>
    /// Reads frame_marker, profile, show_existing_frame and frame_type. False when the bytes are no VP9 frame header.
    /// Needed because some senders (ffmpeg's packetizer) never set the descriptor's P bit.
    /// </summary>
    public static bool TryReadIsKeyFrame(ReadOnlySpan<byte> frame, out bool isKeyFrame)
    {
        isKeyFrame = false;
        if (frame.IsEmpty) return false;
        int bits = frame[0];
        if ((bits >> 6) != 0b10) return false;                       // frame_marker
        int profile = ((bits >> 5) & 1) | (((bits >> 4) & 1) << 1);  // profile_low_bit, profile_high_bit
        int position = profile == 3 ? 2 : 3;                         // profile 3 has a reserved_zero bit first
        if (((bits >> position) & 1) != 0) return true;              // show_existing_frame: repeats an old frame
        isKeyFrame = ((bits >> (position - 1)) & 1) == 0;            // frame_type: 0 = KEY_FRAME
        return true;
    }
}
