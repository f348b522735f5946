using System.Buffers.Binary;

namespace Gateway.Pipelines.Containers.Mp4;

/// <summary>
/// Cuts a fragmented MP4 that ffmpeg could not finish (disk full, process killed) back to its last complete fragment:
/// a torn final <c>moof</c>/<c>mdat</c> makes players report decode errors at the end, while everything before it is
/// intact. Walks the top-level boxes only (ISO/IEC 14496-12 §4.2: 32-bit size, or 1 then a 64-bit size).
/// </summary>
public static class FragmentedMp4Trimmer
{
    /// <summary>Where the file should end: after its last complete top-level box that is not a lone <c>moof</c>.</summary>
    public static long CompleteLength(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[16];
        long offset = 0, complete = 0;
        while (TryReadBox(stream, offset, header, out var size))
        {
            offset += size;
            if (!header[4..8].SequenceEqual("moof"u8)) complete = offset;   // a moof counts only with the mdat that follows it
        }
        return complete;
    }

    /// <summary>
    /// Whether the file's complete top-level boxes include a <c>moov</c>: without one nothing in it can be decoded.
    /// ffmpeg writes it with the header, so a file killed before that holds no media.
    /// </summary>
    public static bool HasMovieBox(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[16];
        for (long offset = 0, size; TryReadBox(stream, offset, header, out size); offset += size)
        {
            if (header[4..8].SequenceEqual("moov"u8)) return true;
        }
        return false;
    }

    /// <summary>
    /// Reads the header of the top-level box at <paramref name="offset"/> into <paramref name="header"/> (size, type,
    /// and a 64-bit size when the 32-bit one is 1); false when no complete box starts there (end of file, torn, or
    /// garbage: nothing after it is usable).
    /// </summary>
    private static bool TryReadBox(Stream stream, long offset, Span<byte> header, out long size)
    {
        long length = stream.Length;
        size = 0;
        if (offset + 8 > length) return false;
        stream.Position = offset;
        stream.ReadExactly(header[..8]);
        size = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (size == 1)
        {
            if (offset + 16 > length) return false;
            stream.ReadExactly(header[8..16]);
            size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(header[8..]), long.MaxValue);
        }
        else if (size == 0)
        {
            size = length - offset;   // "to the end of the file": complete by definition
        }
        return size >= 8 && size <= length - offset;
    }

    /// <summary>Truncates <paramref name="path"/> to its last complete fragment; returns the bytes removed.</summary>
    public static long Trim(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var keep = CompleteLength(stream);
        var removed = stream.Length - keep;
        if (removed > 0 && keep > 0) stream.SetLength(keep);
        return keep > 0 ? removed : 0;
    }
}
