namespace Gateway.Pipelines.Formats.Vp8;

/// <summary>
/// The VP8 payload descriptor (RFC 7741 §4.2). Optional fields that are absent read as -1.
/// </summary>
public readonly record struct Vp8PayloadDescriptor(
    bool NonReference, bool StartOfPartition, int PartitionIndex, int PictureId, int Tl0PicIndex, int TemporalLayer,
    bool LayerSync, int KeyIndex, int Length)
{
    /// <summary>S=1 and PID=0: the first packet of a frame (§4.2).</summary>
    public bool StartsFrame => StartOfPartition && PartitionIndex == 0;

    /// <summary>Parses the descriptor at the start of a payload; false when it is truncated. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty) return false;
        byte first = payload[0];                                     // |X|R|N|S|R| PID |
        int offset = 1, pictureId = -1, tl0PicIndex = -1, temporalLayer = -1, keyIndex = -1;
        bool layerSync = false;
        if ((first & 0x80) != 0)
        {
            if (payload.Length < 2) return false;
            byte extension = payload[1];                             // |I|L|T|K| RSV |
            offset = 2;
            if ((extension & 0x80) != 0)                             // I: M bit, then a 7- or 15-bit PictureID
            {
                if (payload.Length <= offset) return false;
                if ((payload[offset] & 0x80) != 0)
                {
                    if (payload.Length < offset + 2) return false;
                    pictureId = ((payload[offset] & 0x7F) << 8) | payload[offset + 1];
                    offset += 2;
                }
                else
                {
                    pictureId = payload[offset++];
                }
            }
            if ((extension & 0x40) != 0)                             // L: TL0PICIDX
            {
                if (payload.Length <= offset) return false;
                tl0PicIndex = payload[offset++];
            }
            if ((extension & 0x30) != 0)                             // T or K: |TID|Y|KEYIDX|
            {
                if (payload.Length <= offset) return false;
                byte b = payload[offset++];
                if ((extension & 0x20) != 0)
                {
                    temporalLayer = b >> 6;
                    layerSync = (b & 0x20) != 0;
                }
                if ((extension & 0x10) != 0) keyIndex = b & 0x1F;
            }
        }
        descriptor = new Vp8PayloadDescriptor((first & 0x20) != 0, (first & 0x10) != 0, first & 0x07, pictureId, tl0PicIndex,
            temporalLayer, layerSync, keyIndex, offset);
        return true;
    }
}
