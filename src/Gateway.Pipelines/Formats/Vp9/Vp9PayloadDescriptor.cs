namespace Gateway.Pipelines.Formats.Vp9;

/// <summary>
/// The VP9 payload descriptor (RFC 9628 §4.2), flexible and non-flexible modes, with the scalability structure (§4.2.1)
/// walked and skipped. Optional fields that are absent read as -1.
/// </summary>
public readonly record struct Vp9PayloadDescriptor(
    bool InterPicturePredicted, bool FlexibleMode, bool BeginsFrame, bool EndsFrame, bool HasScalabilityStructure,
    bool NotReferenceForUpperSpatialLayers, int PictureId, int TemporalLayer, bool SwitchingUpPoint, int SpatialLayer,
    bool InterLayerDependency, int Tl0PicIndex, int ReferenceCount, int Length)
{
    /// <summary>Most P_DIFF entries a flexible-mode descriptor may carry (§4.2).</summary>
    public const int MaxReferences = 3;

    /// <summary>Parses the descriptor at the start of a payload; false when it is truncated or malformed. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp9PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty) return false;
        byte first = payload[0];                                     // |I|P|L|F|B|E|V|Z|
        bool hasPictureId = (first & 0x80) != 0, predicted = (first & 0x40) != 0, hasLayers = (first & 0x20) != 0;
        bool flexible = (first & 0x10) != 0, hasStructure = (first & 0x02) != 0;
        int offset = 1, pictureId = -1, temporal = -1, spatial = -1, tl0 = -1, references = 0;
        bool switchingUp = false, interLayer = false;

        if (hasPictureId)                                            // M bit, then 7 or 15 bits
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
        if (hasLayers)                                               // |TID|U|SID|D|, then TL0PICIDX in non-flexible mode
        {
            if (payload.Length <= offset) return false;
            byte layers = payload[offset++];
            temporal = layers >> 5;
            switchingUp = (layers & 0x10) != 0;
            spatial = (layers >> 1) & 0x07;
            interLayer = (layers & 0x01) != 0;
            if (!flexible)
            {
                if (payload.Length <= offset) return false;
                tl0 = payload[offset++];
            }
        }
        if (flexible && predicted)                                   // |P_DIFF|N|, N=1: another follows, at most 3
        {
            bool more = true;
            while (more)
            {
                if (references == MaxReferences || payload.Length <= offset) return false;
                more = (payload[offset++] & 0x01) != 0;
                references++;
            }
        }
        if (hasStructure && !TrySkipScalabilityStructure(payload, ref offset)) return false;

        descriptor = new Vp9PayloadDescriptor(predicted, flexible, (first & 0x08) != 0, (first & 0x04) != 0, hasStructure,
            (first & 0x01) != 0, pictureId, temporal, switchingUp, spatial, interLayer, tl0, references, offset);
        return true;
    }

    /// <summary>§4.2.1: |N_S|Y|G|RSV|, N_S+1 resolutions if Y, then N_G picture-group entries if G.</summary>
    private static bool TrySkipScalabilityStructure(ReadOnlySpan<byte> payload, ref int offset)
    {
        if (payload.Length <= offset) return false;
        byte header = payload[offset++];
        int spatialLayers = (header >> 5) + 1;
        if ((header & 0x10) != 0)                                    // Y: 16-bit width and height per spatial layer
        {
            offset += 4 * spatialLayers;
            if (offset > payload.Length) return false;
        }
        if ((header & 0x08) != 0)                                    // G: N_G, then |T|U|R|RSV| and R P_DIFF octets each
        {
            if (payload.Length <= offset) return false;
            int groups = payload[offset++];
            for (int i = 0; i < groups; i++)
            {
                if (payload.Length <= offset) return false;
                int referenceCount = (payload[offset++] >> 2) & 0x03;
                offset += referenceCount;
                if (offset > payload.Length) return false;
            }
        }
        return true;
    }
}
