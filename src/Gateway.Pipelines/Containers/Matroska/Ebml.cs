using System.Buffers.Binary;

namespace Gateway.Pipelines.Containers.Matroska;

/// <summary>
/// EBML primitives (RFC 8794) written into caller-provided spans: element IDs, variable-size integers and the
/// "unknown size" marker. Nothing here allocates; callers size the destination with the Length helpers.
/// </summary>
internal static class Ebml
{
    /// <summary>The largest VINT_DATA a size can carry (RFC 8794 §4.4: all-ones is reserved for "unknown").</summary>
    public const ulong MaxSize = (1UL << 56) - 2;

    /// <summary>8-byte VINT with every data bit set: "unknown size" (RFC 8794 §6.2), used for live Segment/Cluster.</summary>
    public static ReadOnlySpan<byte> UnknownSize => [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    /// <summary>Octets of an element ID; IDs keep their VINT_MARKER, so the value's magnitude gives the length.</summary>
    public static int IdLength(uint id) => id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;

    /// <summary>Shortest VINT length for a size (RFC 8794 §4.1): 7 data bits per octet, all-ones excluded.</summary>
    public static int SizeLength(ulong size)
    {
        for (int length = 1; length < 8; length++)
        {
            if (size < (1UL << (7 * length)) - 1) return length;
        }
        return 8;
    }

    public static int WriteId(Span<byte> destination, uint id)
    {
        int length = IdLength(id);
        for (int i = 0; i < length; i++) destination[i] = (byte)(id >> (8 * (length - 1 - i)));
        return length;
    }

    /// <summary>Writes <paramref name="size"/> as a VINT of exactly <paramref name="length"/> octets.</summary>
    public static int WriteSize(Span<byte> destination, ulong size, int length)
    {
        if (length is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(length));
        if (size >= (1UL << (7 * length)) - 1) throw new ArgumentOutOfRangeException(nameof(size));
        ulong marked = size | (1UL << (7 * length));        // VINT_MARKER sits right after the length's zero bits
        for (int i = 0; i < length; i++) destination[i] = (byte)(marked >> (8 * (length - 1 - i)));
        return length;
    }

    public static int WriteSize(Span<byte> destination, ulong size) => WriteSize(destination, size, SizeLength(size));

    /// <summary>Minimal big-endian octets of an unsigned integer element's value (RFC 8794 §7.2); 0 takes one octet.</summary>
    public static int UIntLength(ulong value)
    {
        int length = 1;
        while (length < 8 && value >> (8 * length) != 0) length++;
        return length;
    }

    public static int WriteUIntElement(Span<byte> destination, uint id, ulong value)
    {
        int written = WriteId(destination, id);
        int length = UIntLength(value);
        written += WriteSize(destination[written..], (ulong)length);
        for (int i = 0; i < length; i++) destination[written + i] = (byte)(value >> (8 * (length - 1 - i)));
        return written + length;
    }

    public static int WriteFloatElement(Span<byte> destination, uint id, double value)
    {
        int written = WriteId(destination, id);
        written += WriteSize(destination[written..], 8);
        BinaryPrimitives.WriteDoubleBigEndian(destination[written..], value);
        return written + 8;
    }

    public static int WriteBinaryElement(Span<byte> destination, uint id, ReadOnlySpan<byte> value)
    {
        int written = WriteId(destination, id);
        written += WriteSize(destination[written..], (ulong)value.Length);
        value.CopyTo(destination[written..]);
        return written + value.Length;
    }

    public static int BinaryElementLength(uint id, int valueLength) =>
        IdLength(id) + SizeLength((ulong)valueLength) + valueLength;
}
