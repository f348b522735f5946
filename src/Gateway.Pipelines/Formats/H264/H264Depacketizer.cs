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
    private bool _hasIdr, _hasSps, _hasPps;
    private bool _fragmentActive;
    private bool _fragmentDiscarded;
    private byte _fragmentType;
    private int _fragmentPrefixOffset;
    private bool _parameterSetsDelivered;

    protected override void BeginFrame() => (_hasIdr, _hasSps, _hasPps, _fragmentActive) = (false, false, false, false);

    protected override PacketVerdict Consume(ReadOnlySpan<byte> payload, FrameBuffer buffer)
    {
        if (payload.IsEmpty || (payload[0] & 0x80) != 0) return PacketVerdict.Drop; // F bit: a syntax violation (§5.3)
        var type = NalUnit.TypeOf(payload[0]);
        if (_fragmentActive && type != NalUnitType.FuA) return PacketVerdict.Drop;  // a fragmented NAL unit was cut
        switch (type)
        {
            case >= NalUnitType.NonIdrSlice and <= (NalUnitType)23:
                return AppendNal(payload, buffer);
            case NalUnitType.StapA:
                return ConsumeStapA(payload[1..], buffer);
            case NalUnitType.FuA:
                return ConsumeFuA(payload, buffer);
            case NalUnitType.StapB or NalUnitType.Mtap16 or NalUnitType.Mtap24 or NalUnitType.FuB:
                return PacketVerdict.Drop;                          // interleaved mode (2) only, never negotiated here
            default:
                return PacketVerdict.Accepted;                      // 0, 30, 31: undefined, ignored (§5.2)
        }
    }

    protected override FrameEnd End(FrameBuffer buffer, IBufferWriter<byte> writer, out bool isKeyFrame)
    {
        isKeyFrame = _hasIdr;
        if (_fragmentActive) return FrameEnd.Incomplete;
        if (buffer.Length == 0) return FrameEnd.Empty;
        if (_hasIdr && !_parameterSetsDelivered && !(_hasSps && _hasPps) && sprop.IsComplete)
        {
            // The first key frame must carry its parameter sets (a decoder and the avcC need them): take them from SDP.
            foreach (var nal in sprop.SequenceParameterSets) WritePrefixed(writer, nal);
            foreach (var nal in sprop.PictureParameterSets) WritePrefixed(writer, nal);
        }
        if (_hasIdr) _parameterSetsDelivered = true;
        writer.Write(buffer.Written);
        return FrameEnd.Written;
    }

    private PacketVerdict ConsumeStapA(ReadOnlySpan<byte> units, FrameBuffer buffer)
    {
        // RFC 6184 §5.7.1: 16-bit size, then the NAL unit, repeated; at least one unit.
        if (units.IsEmpty) return PacketVerdict.Drop;
        while (!units.IsEmpty)
        {
            if (units.Length < 2) return PacketVerdict.Drop;
            int size = BinaryPrimitives.ReadUInt16BigEndian(units);
            if (size == 0 || size > units.Length - 2) return PacketVerdict.Drop;
            var nal = units.Slice(2, size);
            if ((nal[0] & 0x80) != 0 || NalUnit.TypeOf(nal[0]) is NalUnitType.Unspecified or >= NalUnitType.StapA)
                return PacketVerdict.Drop;                          // aggregation units hold plain NAL units only
            if (AppendNal(nal, buffer) == PacketVerdict.Drop) return PacketVerdict.Drop;
            units = units[(2 + size)..];
        }
        return PacketVerdict.Accepted;
    }

    private PacketVerdict ConsumeFuA(ReadOnlySpan<byte> payload, FrameBuffer buffer)
    {
        // RFC 6184 §5.8: FU indicator (F|NRI|28), FU header (S|E|R|Type), fragment.
        if (payload.Length < 2) return PacketVerdict.Drop;
        bool start = (payload[1] & 0x80) != 0, end = (payload[1] & 0x40) != 0;
        byte type = (byte)(payload[1] & 0x1F);
        var fragment = payload[2..];
        if (start)
        {
            // S and E together: a NAL unit that fits one packet must not be fragmented (§5.8).
            if (end || _fragmentActive || type is 0 or >= 24) return PacketVerdict.Drop;
            _fragmentActive = true;
            _fragmentType = type;
            _fragmentDiscarded = type is (byte)NalUnitType.AccessUnitDelimiter or (byte)NalUnitType.Filler;
            if (_fragmentDiscarded) return PacketVerdict.Accepted;
            if (!buffer.TryCountUnit() || !buffer.TryAppendLengthPlaceholder(out _fragmentPrefixOffset)) return PacketVerdict.Drop;
            byte header = (byte)((payload[0] & 0xE0) | type);       // F and NRI from the indicator, type from the FU header
            if (!buffer.TryAppend(header) || !buffer.TryAppend(fragment)) return PacketVerdict.Drop;
            Note(type);
            return PacketVerdict.Accepted;
        }
        if (!_fragmentActive || type != _fragmentType) return PacketVerdict.Drop; // start lost, or another NAL unit's piece
        if (!_fragmentDiscarded && !buffer.TryAppend(fragment)) return PacketVerdict.Drop;
        if (end)
        {
            _fragmentActive = false;
            if (!_fragmentDiscarded)
                buffer.WriteUInt32BigEndian(_fragmentPrefixOffset, (uint)(buffer.Length - _fragmentPrefixOffset - LengthPrefix));
        }
        return PacketVerdict.Accepted;
    }

    private PacketVerdict AppendNal(ReadOnlySpan<byte> nal, FrameBuffer buffer)
    {
        var type = NalUnit.TypeOf(nal[0]);
        if (type is NalUnitType.AccessUnitDelimiter or NalUnitType.Filler) return PacketVerdict.Accepted; // Matroska needs neither
        if (!buffer.TryCountUnit() || !buffer.TryAppendLengthPlaceholder(out int prefix) || !buffer.TryAppend(nal))
            return PacketVerdict.Drop;
        buffer.WriteUInt32BigEndian(prefix, (uint)nal.Length);
        Note((byte)type);
        return PacketVerdict.Accepted;
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
