namespace Gateway.Pipelines.Formats.H264;

/// <summary>
/// AVCDecoderConfigurationRecord ("avcC", ISO/IEC 14496-15 §5.3.3.1), the CodecPrivate of Matroska's
/// V_MPEG4/ISO/AVC: profile, compatibility and level copied from the first SPS, 4-byte NAL lengths, the SPS and PPS.
/// </summary>
public static class AvcDecoderConfiguration
{
    /// <summary>Frames are written with 4-byte length prefixes, so lengthSizeMinusOne is 3.</summary>
    public const int LengthSizeMinusOne = 3;

    /// <summary>Builds the record; empty when there is no parsable SPS or no PPS (then no decoder could start).</summary>
    public static byte[] Create(ParameterSets parameterSets)
    {
        ArgumentNullException.ThrowIfNull(parameterSets);
        var spsList = parameterSets.SequenceParameterSets.Take(31).ToList();   // numOfSequenceParameterSets: 5 bits
        var ppsList = parameterSets.PictureParameterSets.Take(255).ToList();
        if (spsList.Count == 0 || ppsList.Count == 0 || !SequenceParameterSet.TryParse(spsList[0], out var sps)) return [];
        if (spsList.Concat(ppsList).Any(n => n.Length > ushort.MaxValue)) return [];

        using var stream = new MemoryStream();
        stream.WriteByte(1);                        // configurationVersion
        stream.WriteByte(sps.ProfileIdc);           // AVCProfileIndication
        stream.WriteByte(sps.ConstraintFlags);      // profile_compatibility
        stream.WriteByte(sps.LevelIdc);             // AVCLevelIndication
        stream.WriteByte(0xFC | LengthSizeMinusOne); // 6 reserved bits set
        stream.WriteByte((byte)(0xE0 | spsList.Count)); // 3 reserved bits set
        foreach (var nal in spsList) WriteNal(stream, nal);
        stream.WriteByte((byte)ppsList.Count);
        foreach (var nal in ppsList) WriteNal(stream, nal);
        if (SequenceParameterSet.IsHighProfile(sps.ProfileIdc))
        {
            // §5.3.3.1.2: these profiles append chroma format and bit depths, with reserved bits set.
            stream.WriteByte((byte)(0xFC | sps.ChromaFormatIdc));
            stream.WriteByte((byte)(0xF8 | sps.BitDepthLumaMinus8));
            stream.WriteByte((byte)(0xF8 | sps.BitDepthChromaMinus8));
            stream.WriteByte(0);                    // numOfSequenceParameterSetExt
        }
        return stream.ToArray();
    }

    private static void WriteNal(MemoryStream stream, byte[] nal)
    {
        stream.WriteByte((byte)(nal.Length >> 8));
        stream.WriteByte((byte)nal.Length);
        stream.Write(nal);
    }
}
