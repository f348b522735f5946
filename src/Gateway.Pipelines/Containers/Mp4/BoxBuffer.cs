using System.Buffers.Binary;

namespace Gateway.Pipelines.Containers.Mp4;

/// <summary>
/// A reusable big-endian byte buffer for ISO BMFF boxes (ISO/IEC 14496-12 §4.2): a box is begun with a size
/// placeholder and its size patched in when it ends, so nested boxes need no precomputed lengths.
/// </summary>
internal sealed class BoxBuffer(int capacity = 4096)
{
    private byte[] _data = new byte[capacity];
    private int _length;

    public int Length => _length;

    public ReadOnlySpan<byte> Written => _data.AsSpan(0, _length);

    public void Clear() => _length = 0;

    /// <returns>Where the box starts: hand it to <see cref="End"/>.</returns>
    public int Begin(ReadOnlySpan<byte> type)
    {
        int start = _length;
        U32(0);
        Bytes(type);
        return start;
    }

    /// <summary>A full box: version and 24-bit flags follow the type.</summary>
    public int BeginFull(ReadOnlySpan<byte> type, byte version, uint flags)
    {
        int start = Begin(type);
        U32(((uint)version << 24) | (flags & 0xFFFFFF));
        return start;
    }

    public void End(int start) => PatchU32(start, (uint)(_length - start));

    public void PatchU32(int at, uint value) => BinaryPrimitives.WriteUInt32BigEndian(_data.AsSpan(at), value);

    public void U8(byte value) => Grow(1)[0] = value;

    public void U16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Grow(2), value);

    public void U32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Grow(4), value);

    public void U64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Grow(8), value);

    public void Bytes(ReadOnlySpan<byte> value) => value.CopyTo(Grow(value.Length));

    public void Zeros(int count) => Grow(count).Clear();

    private Span<byte> Grow(int count)
    {
        if (_length + count > _data.Length) Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + count));
        var span = _data.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
