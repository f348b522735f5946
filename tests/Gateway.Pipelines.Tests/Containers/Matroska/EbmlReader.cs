using System.Buffers.Binary;

namespace Gateway.Pipelines.Tests.Containers.Matroska;

/// <summary>Just enough EBML reading (RFC 8794 §4) to check what the writer produced.</summary>
internal static class EbmlReader
{
    public const ulong Unknown = ulong.MaxValue;

    public static ulong ReadVint(ReadOnlySpan<byte> data, out int length)
    {
        length = System.Numerics.BitOperations.LeadingZeroCount((uint)data[0]) - 24 + 1;
        ulong value = data[0] & (0xFFUL >> length);
        bool allOnes = value == 0xFFUL >> length;
        for (int i = 1; i < length; i++)
        {
            value = value << 8 | data[i];
            allOnes &= data[i] == 0xFF;
        }
        return allOnes ? Unknown : value;
    }

    public static uint ReadId(ReadOnlySpan<byte> data, out int length)
    {
        length = System.Numerics.BitOperations.LeadingZeroCount((uint)data[0]) - 24 + 1;
        uint id = 0;
        for (int i = 0; i < length; i++) id = id << 8 | data[i];
        return id;
    }

    /// <summary>Top-level walk: (id, offset of data, size) for each element, descending into unknown-size masters.</summary>
    public static List<(uint Id, int DataOffset, ulong Size)> Walk(ReadOnlySpan<byte> data, params uint[] unknownSizeMasters)
    {
        var elements = new List<(uint, int, ulong)>();
        int offset = 0;
        while (offset < data.Length)
        {
            uint id = ReadId(data[offset..], out int idLength);
            ulong size = ReadVint(data[(offset + idLength)..], out int sizeLength);
            int dataOffset = offset + idLength + sizeLength;
            elements.Add((id, dataOffset, size));
            offset = size == Unknown || unknownSizeMasters.Contains(id) ? dataOffset : dataOffset + (int)size;
        }
        return elements;
    }

    public static short BlockOffset(ReadOnlySpan<byte> block) => BinaryPrimitives.ReadInt16BigEndian(block[1..]);
}
