namespace Gateway.Pipelines.Formats.H264;

/// <summary>The leading fields of an SPS (H.264 §7.3.2.1.1) that an avcC record repeats.</summary>
public readonly record struct SequenceParameterSet(
    byte ProfileIdc, byte ConstraintFlags, byte LevelIdc, uint ChromaFormatIdc, uint BitDepthLumaMinus8, uint BitDepthChromaMinus8)
{
    /// <summary>Profiles whose SPS carries chroma_format_idc and bit depths, and whose avcC has the extra fields (ISO 14496-15 §5.3.3.1.2).</summary>
    public static bool IsHighProfile(byte profileIdc) =>
        profileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135 or 144;

    /// <summary>Parses from a whole SPS NAL unit (header byte included). Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> nal, out SequenceParameterSet sps)
    {
        sps = default;
        if (nal.Length < 4 || NalUnit.TypeOf(nal[0]) != NalUnitType.Sps) return false;
        byte profile = nal[1], constraints = nal[2], level = nal[3];
        uint chroma = 1, lumaDepth = 0, chromaDepth = 0; // 4:2:0, 8-bit unless the SPS says otherwise (§7.4.2.1.1)
        if (IsHighProfile(profile))
        {
            var reader = new RbspReader(nal[4..]);
            reader.ReadUnsignedExpGolomb(); // seq_parameter_set_id
            chroma = reader.ReadUnsignedExpGolomb();
            if (chroma == 3) reader.ReadBit(); // separate_colour_plane_flag
            lumaDepth = reader.ReadUnsignedExpGolomb();
            chromaDepth = reader.ReadUnsignedExpGolomb();
            if (reader.Overrun || chroma > 3 || lumaDepth > 6 || chromaDepth > 6) return false;
        }
        sps = new SequenceParameterSet(profile, constraints, level, chroma, lumaDepth, chromaDepth);
        return true;
    }
}
