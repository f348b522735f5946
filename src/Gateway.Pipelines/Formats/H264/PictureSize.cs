namespace Gateway.Pipelines.Formats.H264;

/// <summary>
/// The displayed picture size an SPS describes (H.264 §7.3.2.1.1 and §7.4.2.1.1: macroblocks, field coding and the
/// cropping window). MP4 writes it into the track and sample entry, where players take the display size from.
/// </summary>
public static class PictureSize
{
    /// <summary>Parses a whole SPS NAL unit (header byte included). Never throws; false on a malformed SPS.</summary>
    public static bool TryParse(ReadOnlySpan<byte> nal, out int width, out int height)
    {
        width = height = 0;
        if (nal.Length < 5 || NalUnit.TypeOf(nal[0]) != NalUnitType.Sps) return false;
        var reader = new RbspReader(nal[4..]);
        reader.ReadUnsignedExpGolomb();                               // seq_parameter_set_id
        uint chroma = 1;
        if (SequenceParameterSet.IsHighProfile(nal[1]))
        {
            chroma = reader.ReadUnsignedExpGolomb();
            if (chroma == 3) reader.ReadBit();                       // separate_colour_plane_flag
            reader.ReadUnsignedExpGolomb();                           // bit_depth_luma_minus8
            reader.ReadUnsignedExpGolomb();                           // bit_depth_chroma_minus8
            reader.ReadBit();                                         // qpprime_y_zero_transform_bypass_flag
            if (reader.ReadBit() == 1)                                // seq_scaling_matrix_present_flag
            {
                for (int i = 0; i < (chroma != 3 ? 8 : 12); i++)
                {
                    if (reader.ReadBit() == 1) SkipScalingList(ref reader, i < 6 ? 16 : 64);
                }
            }
        }
        reader.ReadUnsignedExpGolomb();                               // log2_max_frame_num_minus4
        uint pocType = reader.ReadUnsignedExpGolomb();
        if (pocType == 0)
        {
            reader.ReadUnsignedExpGolomb();                           // log2_max_pic_order_cnt_lsb_minus4
        }
        else if (pocType == 1)
        {
            reader.ReadBit();                                         // delta_pic_order_always_zero_flag
            reader.ReadUnsignedExpGolomb();                           // offset_for_non_ref_pic (se: skipped alike)
            reader.ReadUnsignedExpGolomb();                           // offset_for_top_to_bottom_field
            uint cycle = reader.ReadUnsignedExpGolomb();
            if (cycle > 255) return false;
            for (uint i = 0; i < cycle; i++) reader.ReadUnsignedExpGolomb();
        }
        reader.ReadUnsignedExpGolomb();                               // max_num_ref_frames
        reader.ReadBit();                                             // gaps_in_frame_num_value_allowed_flag
        uint widthInMbs = reader.ReadUnsignedExpGolomb() + 1;
        uint heightInMapUnits = reader.ReadUnsignedExpGolomb() + 1;
        uint frameMbsOnly = reader.ReadBit();
        if (frameMbsOnly == 0) reader.ReadBit();                      // mb_adaptive_frame_field_flag
        reader.ReadBit();                                             // direct_8x8_inference_flag
        uint left = 0, right = 0, top = 0, bottom = 0;
        if (reader.ReadBit() == 1)                                    // frame_cropping_flag
        {
            left = reader.ReadUnsignedExpGolomb();
            right = reader.ReadUnsignedExpGolomb();
            top = reader.ReadUnsignedExpGolomb();
            bottom = reader.ReadUnsignedExpGolomb();
        }
        if (reader.Overrun || widthInMbs > 1024 || heightInMapUnits > 1024 || chroma > 3) return false;
        // Crop units (Table 6-1): 4:2:0 halves both directions, 4:2:2 the width only; field coding doubles heights.
        long cropX = chroma is 1 or 2 ? 2 : 1;
        long cropY = (chroma == 1 ? 2 : 1) * (2 - frameMbsOnly);
        long w = widthInMbs * 16L - cropX * (left + right);
        long h = (2 - frameMbsOnly) * heightInMapUnits * 16L - cropY * (top + bottom);
        if (w <= 0 || h <= 0) return false;
        (width, height) = ((int)w, (int)h);
        return true;
    }

    private static void SkipScalingList(ref RbspReader reader, int size)
    {
        int last = 8, next = 8;
        for (int j = 0; j < size && next != 0; j++)
        {
            uint code = reader.ReadUnsignedExpGolomb();
            int delta = (code & 1) == 1 ? (int)((code + 1) / 2) : -(int)(code / 2);   // se(v), §9.1.1
            next = (last + delta + 256) % 256;
            last = next == 0 ? last : next;
            if (reader.Overrun) return;
        }
    }
}
