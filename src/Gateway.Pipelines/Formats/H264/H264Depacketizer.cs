using System.Buffers;
using System.Buffers.Binary;
using Gateway.Pipelines.Codecs;

namespace Gateway.Pipelines.Formats.H264;

/// <summary>
/// RFC 6184 non-interleaved mode (packetization-mode 0 and 1): single NAL unit packets, STAP-A and FU-A. Writes each
/// access unit in AVCC form (4-byte big-endian length before each NAL unit), as Matroska V_MPEG4/ISO/AVC stores it.
/// In-band SPS/PPS stay in the frame so a decoder follows mid-stream changes; AUD and filler NAL units are dropped.
/// </summary>
internal sealed class H264Depacketizer(DepacketizerLimits limits, ParameterSets sprop) : FramedDepacketizer(limits, 256 * 1024)
{
    private const int LengthPrefix = 4;
    private bool _hasIdr, _hasSps, _hasPps, _hasSlice;
    private bool _fragmentActive;
    private bool _fragmentDiscarded;
    private byte _fragmentType;
    private int _fragmentPrefixOffset;
    private bool _parameterSetsDelivered;
    private bool _checkAccessUnitStart;

    protected override void BeginFrame() => (_hasIdr, _hasSps, _hasPps, _hasSlice, _fragmentActive) = (false, false, false, false, false);

    /// <summary>
    /// H.264 has no "first packet of the access unit" flag, so after a loss the next access unit could be missing its
    /// head. Its first slice must then start at macroblock 0 (first_mb_in_slice, §7.3.3), or it is dropped.
    /// </summary>
    protected override void OnReset() => _checkAccessUnitStart = true;

    protected override DropReason Consume(ReadOnlySpan<byte> payload, FrameBuffer buffer)
    {
        if (payload.IsEmpty || (payload[0] & 0x80) != 0) return DropReason.Malformed;   // F bit: a syntax violation (§5.3)
        var type = NalUnit.TypeOf(payload[0]);
        if (_fragmentActive && type != NalUnitType.FuA) return DropReason.FragmentMismatch; // a fragmented NAL unit was cut
        return type switch
        {
            >= NalUnitType.NonIdrSlice and <= (NalUnitType)23 => AppendNal(payload, buffer),
            NalUnitType.StapA => ConsumeStapA(payload[1..], buffer),
            NalUnitType.FuA => ConsumeFuA(payload, buffer),
            NalUnitType.StapB or NalUnitType.Mtap16 or NalUnitType.Mtap24 or NalUnitType.FuB => DropReason.Unsupported, // interleaved mode only
            _ => DropReason.None,                                                       // 0, 30, 31: undefined, ignored (§5.2)
        };
    }

    protected override FrameEnd End(FrameBuffer buffer, IBufferWriter<byte> writer, out bool isKeyFrame)
    {
        // A decoder can start here only if it has the parameter sets: in this frame, from the SDP, or delivered before.
        // An IDR without any (its SPS/PPS packet lost) would give the file an empty avcC.
        isKeyFrame = _hasIdr && ((_hasSps && _hasPps) || sprop.IsComplete || _parameterSetsDelivered);
        if (_fragmentActive) return FrameEnd.Incomplete;
        if (buffer.Length == 0) return FrameEnd.Empty;
        if (_hasIdr && !_parameterSetsDelivered && !(_hasSps && _hasPps) && sprop.IsComplete)
        {
            // The first key frame must carry its parameter sets (a decoder and the avcC need them): take them from SDP.
            foreach (var nal in sprop.SequenceParameterSets) WritePrefixed(writer, nal);
            foreach (var nal in sprop.PictureParameterSets) WritePrefixed(writer, nal);
        }
        if (isKeyFrame) _parameterSetsDelivered = true;
        writer.Write(buffer.Written);
        return FrameEnd.Written;
    }

    private DropReason ConsumeStapA(ReadOnlySpan<byte> units, FrameBuffer buffer)
    {
        // RFC 6184 §5.7.1: 16-bit size, then the NAL unit, repeated; at least one unit.
        if (units.IsEmpty) return DropReason.Malformed;
        while (!units.IsEmpty)
        {
            if (units.Length < 2) return DropReason.Malformed;
            int size = BinaryPrimitives.ReadUInt16BigEndian(units);
            if (size == 0 || size > units.Length - 2) return DropReason.Malformed;
            var nal = units.Slice(2, size);
            if ((nal[0] & 0x80) != 0 || NalUnit.TypeOf(nal[0]) is NalUnitType.Unspecified or >= NalUnitType.StapA)
                return DropReason.Malformed;                                            // aggregation units hold plain NAL units
            var reason = AppendNal(nal, buffer);
            if (reason != DropReason.None) return reason;
            units = units[(2 + size)..];
        }
        return DropReason.None;
    }

    private DropReason ConsumeFuA(ReadOnlySpan<byte> payload, FrameBuffer buffer)
    {
        // RFC 6184 §5.8: FU indicator (F|NRI|28), FU header (S|E|R|Type), fragment.
        if (payload.Length < 2) return DropReason.Malformed;
        bool start = (payload[1] & 0x80) != 0, end = (payload[1] & 0x40) != 0;
        byte type = (byte)(payload[1] & 0x1F);
        var fragment = payload[2..];
        if (!start)
        {
            if (!_fragmentActive) return DropReason.MissingStart;
            if (type != _fragmentType) return DropReason.FragmentMismatch;
            if (!_fragmentDiscarded && !buffer.TryAppend(fragment)) return DropReason.TooLarge;
            if (end)
            {
                _fragmentActive = false;
                if (!_fragmentDiscarded)
                    buffer.WriteUInt32BigEndian(_fragmentPrefixOffset, (uint)(buffer.Length - _fragmentPrefixOffset - LengthPrefix));
            }
            return DropReason.None;
        }

        // S and E together: a NAL unit that fits one packet must not be fragmented (§5.8).
        if (end || type is 0 or >= 24) return DropReason.Malformed;
        if (_fragmentActive) return DropReason.UnexpectedStart;
        _fragmentActive = true;
        _fragmentType = type;
        _fragmentDiscarded = type is (byte)NalUnitType.AccessUnitDelimiter or (byte)NalUnitType.Filler;
        if (_fragmentDiscarded) return DropReason.None;
        var check = CheckAccessUnitStart(type, fragment);
        if (check != DropReason.None) return check;
        if (!buffer.TryCountUnit()) return DropReason.TooManyUnits;
        byte header = (byte)((payload[0] & 0xE0) | type);                               // F|NRI of the indicator, type of the FU header
        if (!buffer.TryAppendLengthPlaceholder(out _fragmentPrefixOffset) || !buffer.TryAppend(header) || !buffer.TryAppend(fragment))
            return DropReason.TooLarge;
        Note(type);
        return DropReason.None;
    }

    private DropReason AppendNal(ReadOnlySpan<byte> nal, FrameBuffer buffer)
    {
        var type = NalUnit.TypeOf(nal[0]);
        if (type is NalUnitType.AccessUnitDelimiter or NalUnitType.Filler) return DropReason.None; // Matroska needs neither
        var check = CheckAccessUnitStart((byte)type, nal[1..]);
        if (check != DropReason.None) return check;
        if (!buffer.TryCountUnit()) return DropReason.TooManyUnits;
        if (!buffer.TryAppendLengthPlaceholder(out int prefix) || !buffer.TryAppend(nal)) return DropReason.TooLarge;
        buffer.WriteUInt32BigEndian(prefix, (uint)nal.Length);
        Note((byte)type);
        return DropReason.None;
    }

    /// <summary>
    /// For the first slice of an access unit after a Reset: first_mb_in_slice is the slice header's first ue(v), so it
    /// is 0 exactly when the first bit after the NAL header is 1. (No arbitrary slice order in the profiles WebRTC uses.)
    /// </summary>
    private DropReason CheckAccessUnitStart(byte type, ReadOnlySpan<byte> afterHeader)
    {
        if (type is not ((byte)NalUnitType.NonIdrSlice or (byte)NalUnitType.IdrSlice) || _hasSlice) return DropReason.None;
        _hasSlice = true;
        if (!_checkAccessUnitStart) return DropReason.None;
        _checkAccessUnitStart = false;
        return !afterHeader.IsEmpty && (afterHeader[0] & 0x80) != 0 ? DropReason.None : DropReason.NotAnAccessUnitStart;
    }

    private void Note(byte type)
    {
        switch ((NalUnitType)type)
        {
            case NalUnitType.IdrSlice: _hasIdr = true; break;
            case NalUnitType.Sps: _hasSps = true; break;
            case NalUnitType.Pps: _hasPps = true; break;
        }
    }

    private static void WritePrefixed(IBufferWriter<byte> writer, byte[] nal)
    {
        var span = writer.GetSpan(LengthPrefix + nal.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)nal.Length);
        nal.CopyTo(span[LengthPrefix..]);
        writer.Advance(LengthPrefix + nal.Length);
    }
}
