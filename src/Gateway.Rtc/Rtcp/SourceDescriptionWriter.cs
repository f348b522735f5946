namespace Gateway.Rtc.Rtcp;

/// <summary>
/// Writes an SDES packet into the caller's buffer: <see cref="TryAddChunk"/>, then <see cref="TryAddItem"/> for
/// each of its items, repeated per chunk, then <see cref="TryFinish"/>. Nothing is allocated.
/// </summary>
public ref struct SourceDescriptionWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _offset = RtcpHeader.Size;
    private int _chunks;
    private bool _failed;

    public bool TryAddChunk(uint ssrc)
    {
        if (_failed || !TryCloseChunk() || _chunks == RtcpHeader.MaxCount || _destination.Length - _offset < 4) return Fail();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(_destination[_offset..], ssrc);
        _offset += 4;
        _chunks++;
        return true;
    }

    public bool TryAddItem(SdesItemType type, scoped ReadOnlySpan<byte> text)
    {
        if (_failed || _chunks == 0 || type == SdesItemType.End || text.Length > 255 || _destination.Length - _offset < 2 + text.Length) return Fail();
        _destination[_offset] = (byte)type;
        _destination[_offset + 1] = (byte)text.Length;
        text.CopyTo(_destination[(_offset + 2)..]);
        _offset += 2 + text.Length;
        return true;
    }

    public bool TryFinish(out int written)
    {
        written = 0;
        if (_failed || !TryCloseChunk()) return Fail();
        RtcpHeader.Write(_destination, _chunks, RtcpPacketType.SourceDescription, _offset);
        written = _offset;
        _failed = true; // finished
        return true;
    }

    /// <summary>Ends the open chunk with a null octet and pads it to 32 bits (RFC 3550 §6.5).</summary>
    private bool TryCloseChunk()
    {
        if (_chunks == 0) return true;
        int end = (_offset + 1 + 3) & ~3;
        if (end > _destination.Length) return false;
        _destination[_offset..end].Clear();
        _offset = end;
        return true;
    }

    private bool Fail()
    {
        _failed = true;
        return false;
    }
}
