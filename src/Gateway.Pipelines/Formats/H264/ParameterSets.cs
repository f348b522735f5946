using System.Buffers.Binary;

namespace Gateway.Pipelines.Formats.H264;

/// <summary>SPS and PPS NAL units, from the SDP's sprop-parameter-sets or found in a frame.</summary>
public sealed class ParameterSets
{
    public static readonly ParameterSets None = new([], []);

    public ParameterSets(IReadOnlyList<byte[]> sequenceParameterSets, IReadOnlyList<byte[]> pictureParameterSets)
    {
        SequenceParameterSets = sequenceParameterSets;
        PictureParameterSets = pictureParameterSets;
    }

    public IReadOnlyList<byte[]> SequenceParameterSets { get; }

    public IReadOnlyList<byte[]> PictureParameterSets { get; }

    public bool IsComplete => SequenceParameterSets.Count > 0 && PictureParameterSets.Count > 0;

    /// <summary>
    /// sprop-parameter-sets (RFC 6184 §8.1): base64 NAL units separated by commas. Entries that do not decode or are
    /// neither SPS nor PPS are skipped: the fmtp line is only a hint, in-band parameter sets still win.
    /// </summary>
    public static ParameterSets ParseSprop(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return None;
        var sps = new List<byte[]>();
        var pps = new List<byte[]>();
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var buffer = new byte[(item.Length * 3 / 4) + 3];
            if (!Convert.TryFromBase64String(item, buffer, out int length) || length == 0) continue;
            Add(buffer.AsSpan(0, length), sps, pps);
        }
        return new ParameterSets(sps, pps);
    }

    /// <summary>The SPS and PPS NAL units of an AVCC frame (4-byte big-endian length before each NAL unit).</summary>
    public static ParameterSets FromAvccFrame(ReadOnlySpan<byte> frame)
    {
        var sps = new List<byte[]>();
        var pps = new List<byte[]>();
        while (frame.Length >= 4)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(frame);
            if (length == 0 || length > (uint)(frame.Length - 4)) break;
            Add(frame.Slice(4, (int)length), sps, pps);
            frame = frame[(4 + (int)length)..];
        }
        return new ParameterSets(sps, pps);
    }

    private static void Add(ReadOnlySpan<byte> nal, List<byte[]> sps, List<byte[]> pps)
    {
        switch (NalUnit.TypeOf(nal[0]))
        {
            case NalUnitType.Sps when !Contains(sps, nal): sps.Add(nal.ToArray()); break;
            case NalUnitType.Pps when !Contains(pps, nal): pps.Add(nal.ToArray()); break;
        }
    }

    private static bool Contains(List<byte[]> list, ReadOnlySpan<byte> nal)
    {
        foreach (var item in list)
        {
            if (nal.SequenceEqual(item)) return true;
        }
        return false;
    }
}
