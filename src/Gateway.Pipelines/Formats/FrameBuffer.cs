using System.Buffers;
using System.Buffers.Binary;
using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Formats;

/// <summary>
/// The frame a depacketizer is assembling, in one pooled array that grows up to
/// <see cref="DepacketizerLimits.MaxFrameBytes"/> and is then reused for every later frame, so the steady packet path
/// allocates nothing. Counts packets and units against the limits; every append says whether it fitted.
/// </summary>
internal sealed class FrameBuffer(DepacketizerLimits limits, int initialCapacity)
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initialCapacity, Math.Max(limits.MaxFrameBytes, 1)));

    public DepacketizerLimits Limits => limits;

    public int Length { get; private set; }

    public int Packets { get; private set; }

    public int Units { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Clear() => (Length, Packets, Units) = (0, 0, 0);

    /// <summary>Counts one more packet of this frame; false once <see cref="DepacketizerLimits.MaxPacketsPerFrame"/> is passed.</summary>
    public bool TryCountPacket() => ++Packets <= limits.MaxPacketsPerFrame;

    /// <summary>Counts one more NAL unit / partition / layer frame; false once <see cref="DepacketizerLimits.MaxUnitsPerFrame"/> is passed.</summary>
    public bool TryCountUnit() => ++Units <= limits.MaxUnitsPerFrame;

    public bool TryAppend(ReadOnlySpan<byte> data)
    {
        if (!TryGrow(data.Length)) return false;
        data.CopyTo(_buffer.AsSpan(Length));
        Length += data.Length;
        return true;
    }

    public bool TryAppend(byte value)
    {
        if (!TryGrow(1)) return false;
        _buffer[Length++] = value;
        return true;
    }

    /// <summary>Appends a 4-byte big-endian placeholder (an AVCC length prefix) and returns where it sits.</summary>
    public bool TryAppendLengthPlaceholder(out int offset)
    {
        offset = Length;
        if (!TryGrow(4)) return false;
        Length += 4;
        return true;
    }

    public void WriteUInt32BigEndian(int offset, uint value) => BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(offset, 4), value);

    /// <summary>Forgets everything after <paramref name="length"/> (a fragment that turned out bad).</summary>
    public void Truncate(int length) => Length = Math.Min(Length, length);

    private bool TryGrow(int extra)
    {
        if (extra > limits.MaxFrameBytes - Length) return false;
        int needed = Length + extra;
        if (needed <= _buffer.Length) return true;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(needed, _buffer.Length * 2), limits.MaxFrameBytes));
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
        return true;
    }
}
