using System.Buffers.Binary;

namespace Gateway.Rtc.Rtp;

/// <summary>
/// Writes a whole RTP packet (RFC 3550 §5.1: fixed header, CSRCs, RFC 8285 extension, payload, padding) into the
/// caller's buffer without allocating. Call <see cref="TryWriteHeader"/>, then <see cref="TryAddExtension"/> per
/// element, then <see cref="TryFinish"/>. Any false leaves the buffer partly written and the writer unusable.
/// </summary>
public ref struct RtpPacketWriter
{
    private readonly Span<byte> _destination;
    private RtpExtensionForm _form;
    private int _offset;
    private int _extensionStart; // offset of the 4-byte extension header, 0 when none
    private bool _headerWritten;
    private bool _failed;

    public RtpPacketWriter(Span<byte> destination)
    {
        _destination = destination;
    }

    /// <summary>Fixed header and CSRCs; with a form other than None, opens an (initially empty) extension.</summary>
    public bool TryWriteHeader(in RtpHeader header, scoped ReadOnlySpan<uint> csrcs, RtpExtensionForm extensionForm = RtpExtensionForm.None)
    {
        if (_headerWritten || _failed || csrcs.Length > 15) return Fail();
        int needed = RtpHeader.FixedLength + 4 * csrcs.Length + (extensionForm == RtpExtensionForm.None ? 0 : 4);
        if (_destination.Length < needed || !header.TryWriteTo(_destination, out _)) return Fail();
        _destination[0] |= (byte)csrcs.Length;
        _offset = RtpHeader.FixedLength;
        foreach (var csrc in csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_destination[_offset..], csrc);
            _offset += 4;
        }
        _form = extensionForm;
        if (extensionForm != RtpExtensionForm.None)
        {
            _destination[0] |= 0x10; // X bit, §5.3.1
            _extensionStart = _offset;
            ushort profile = extensionForm == RtpExtensionForm.OneByte ? RtpHeaderExtension.OneByteProfile : RtpHeaderExtension.TwoByteProfile;
            BinaryPrimitives.WriteUInt16BigEndian(_destination[_offset..], profile);
            _offset += 4; // length is filled in by TryFinish
        }
        _headerWritten = true;
        return true;
    }

    /// <summary>
    /// Appends one element. One-byte form: id 1..14, 1..16 bytes. Two-byte form: id 1..255, 0..255 bytes.
    /// </summary>
    public bool TryAddExtension(int id, scoped ReadOnlySpan<byte> data)
    {
        if (!_headerWritten || _failed) return Fail();
        switch (_form)
        {
            case RtpExtensionForm.OneByte:
                if (id is < 1 or > RtpHeaderExtension.MaxOneByteId || data.Length is < 1 or > RtpHeaderExtension.MaxOneByteLength) return Fail();
                if (_destination.Length - _offset < 1 + data.Length) return Fail();
                _destination[_offset++] = (byte)((id << 4) | (data.Length - 1));
                break;
            case RtpExtensionForm.TwoByte:
                if (id is < 1 or > 255 || data.Length > 255) return Fail();
                if (_destination.Length - _offset < 2 + data.Length) return Fail();
                _destination[_offset++] = (byte)id;
                _destination[_offset++] = (byte)data.Length;
                break;
            default:
                return Fail();
        }
        data.CopyTo(_destination[_offset..]);
        _offset += data.Length;
        return true;
    }

    /// <summary>
    /// Closes the extension (zero-padded to 32 bits), copies the payload and appends <paramref name="paddingLength"/>
    /// padding octets, the last of which holds the count (§5.1); 0 means no padding and a clear P bit.
    /// </summary>
    public bool TryFinish(scoped ReadOnlySpan<byte> payload, byte paddingLength, out int written)
    {
        written = 0;
        if (!_headerWritten || _failed) return Fail();
        if (_extensionStart != 0)
        {
            int elementBytes = _offset - _extensionStart - 4;
            int aligned = (elementBytes + 3) & ~3;
            if (_destination.Length - _offset < aligned - elementBytes) return Fail();
            _destination.Slice(_offset, aligned - elementBytes).Clear();
            _offset += aligned - elementBytes;
            BinaryPrimitives.WriteUInt16BigEndian(_destination[(_extensionStart + 2)..], (ushort)(aligned / 4));
        }
        if (_destination.Length - _offset < payload.Length + paddingLength) return Fail();
        payload.CopyTo(_destination[_offset..]);
        _offset += payload.Length;
        if (paddingLength > 0)
        {
            _destination[0] |= 0x20; // P bit
            _destination.Slice(_offset, paddingLength - 1).Clear();
            _offset += paddingLength;
            _destination[_offset - 1] = paddingLength;
        }
        written = _offset;
        _failed = true; // finished: further calls are errors
        return true;
    }

    private bool Fail()
    {
        _failed = true;
        return false;
    }
}
