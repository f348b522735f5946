using System.Buffers.Binary;

namespace Gateway.Rtc.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback, RTPFB FMT 15 (draft-holmer-rmcat-transport-wide-cc-extensions-01
/// §3.1): base sequence, status count, 24-bit signed reference time (64 ms units), feedback count, packet status
/// chunks, then one receive delta per received packet (1 byte small, 2 bytes large; 250 µs ticks).
/// </summary>
public readonly ref struct TransportWideCcFeedback
{
    private const int FixedBody = 16; // sender SSRC, media SSRC, base seq, status count, reference time, fb count

    private readonly ReadOnlySpan<byte> _packet;
    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;

    private TransportWideCcFeedback(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body, int chunksLength, int deltasLength)
    {
        _packet = packet;
        SenderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        MediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        BaseSequence = BinaryPrimitives.ReadUInt16BigEndian(body[8..]);
        StatusCount = BinaryPrimitives.ReadUInt16BigEndian(body[10..]);
        ReferenceTime = (int)(BinaryPrimitives.ReadUInt32BigEndian(body[12..]) & 0xFFFF_FF00) >> 8; // sign-extends
        FeedbackCount = body[15];
        _chunks = body.Slice(FixedBody, chunksLength);
        _deltas = body.Slice(FixedBody + chunksLength, deltasLength);
    }

    public uint SenderSsrc { get; }

    public uint MediaSsrc { get; }

    public ushort BaseSequence { get; }

    public ushort StatusCount { get; }

    /// <summary>Signed, in multiples of 64 ms, on the feedback sender's clock.</summary>
    public int ReferenceTime { get; }

    /// <summary>Increments by one per feedback sent, to detect lost feedback.</summary>
    public byte FeedbackCount { get; }

    public TwccPacketEnumerator Packets => new(_chunks, _deltas, BaseSequence, StatusCount, ReferenceTime);

    public static bool TryParse(ReadOnlySpan<byte> data, out TransportWideCcFeedback feedback, out RtcpParseError error)
    {
        feedback = default;
        if (!RtcpPacket.TryRead(data, RtcpPacketType.TransportFeedback, FeedbackFormat.TransportWideCc, out var packet, out error)) return false;
        var body = packet.Payload;
        if (body.Length < FixedBody) return RtcpFail.With(RtcpParseError.Truncated, out error);
        int statusCount = BinaryPrimitives.ReadUInt16BigEndian(body[10..]);
        int offset = FixedBody, described = 0, deltasLength = 0;
        while (described < statusCount)
        {
            if (body.Length - offset < 2) return RtcpFail.With(RtcpParseError.Malformed, out error);
            ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(body[offset..]);
            offset += 2;
            int used = Math.Min(TwccChunk.SymbolCount(chunk), statusCount - described);
            bool isRun = (chunk & 0x8000) == 0;
            for (var i = 0; i < (isRun ? Math.Min(used, 1) : used); i++)
            {
                int symbol = TwccChunk.SymbolAt(chunk, i);
                if (symbol == 3) return RtcpFail.With(RtcpParseError.Malformed, out error); // reserved, §3.1.1
                deltasLength += symbol * (isRun ? used : 1); // the symbol value is the delta size: small 1, large 2
            }
            described += used;
        }
        if (body.Length - offset < deltasLength) return RtcpFail.With(RtcpParseError.Malformed, out error);
        feedback = new TransportWideCcFeedback(packet.Data, body, offset - FixedBody, deltasLength);
        return true;
    }

    /// <summary>Copies the packet as parsed.</summary>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = 0;
        if (_packet.IsEmpty || destination.Length < _packet.Length) return false;
        _packet.CopyTo(destination);
        written = _packet.Length;
        return true;
    }

    /// <summary>
    /// Encodes feedback for <paramref name="packets"/>, which describe BaseSequence, BaseSequence + 1, ... in order.
    /// Chunks are chosen greedily: a run-length chunk for long runs, else a one-bit vector (14 symbols) unless a large
    /// delta needs the two-bit vector (7). The packet is padded to 32 bits with the P bit, as libwebrtc does.
    /// </summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ushort baseSequence, int referenceTime,
        byte feedbackCount, ReadOnlySpan<TwccPacketStatus> packets, out int written)
    {
        written = 0;
        if (packets.Length is 0 or > ushort.MaxValue || referenceTime is < -0x80_0000 or > 0x7F_FFFF) return false;
        int offset = RtcpHeader.Size + FixedBody;
        if (destination.Length < offset) return false;
        int deltaBytes = 0;
        foreach (var status in packets)
        {
            if (!status.IsEncodable) return false;
            deltaBytes += (int)status.Symbol;
        }

        for (var i = 0; i < packets.Length;)
        {
            if (destination.Length - offset < 2) return false;
            var remaining = packets[i..];
            int run = RunLength(remaining);
            int oneBit = Math.Min(TwccChunk.OneBitCapacity, remaining.Length);
            bool needsTwoBits = HasLarge(remaining[..oneBit]);
            ushort chunk;
            if (run >= TwccChunk.OneBitCapacity || (needsTwoBits && run >= TwccChunk.TwoBitCapacity) || run == remaining.Length)
            {
                chunk = TwccChunk.RunLength(remaining[0].Symbol, run);
                i += run;
            }
            else if (!needsTwoBits)
            {
                chunk = TwccChunk.OneBitVector(remaining[..oneBit]);
                i += oneBit;
            }
            else
            {
                int twoBit = Math.Min(TwccChunk.TwoBitCapacity, remaining.Length);
                chunk = TwccChunk.TwoBitVector(remaining[..twoBit]);
                i += twoBit;
            }
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], chunk);
            offset += 2;
        }

        if (destination.Length - offset < deltaBytes) return false;
        foreach (var status in packets)
        {
            if (status.Symbol == TwccSymbol.SmallDelta) destination[offset++] = (byte)status.DeltaTicks;
            else if (status.Symbol == TwccSymbol.LargeDelta)
            {
                BinaryPrimitives.WriteInt16BigEndian(destination[offset..], (short)status.DeltaTicks);
                offset += 2;
            }
        }

        int padding = (4 - offset % 4) % 4;
        if (destination.Length - offset < padding || offset + padding > RtcpHeader.Size * 65536) return false;
        destination.Slice(offset, padding).Clear();
        offset += padding;
        if (padding > 0) destination[offset - 1] = (byte)padding;

        RtcpHeader.Write(destination, FeedbackFormat.TransportWideCc, RtcpPacketType.TransportFeedback, offset);
        if (padding > 0) destination[0] |= 0x20;
        var body = destination[RtcpHeader.Size..];
        BinaryPrimitives.WriteUInt32BigEndian(body, senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], mediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(body[8..], baseSequence);
        BinaryPrimitives.WriteUInt16BigEndian(body[10..], (ushort)packets.Length);
        BinaryPrimitives.WriteUInt32BigEndian(body[12..], ((uint)referenceTime << 8) | feedbackCount);
        written = offset;
        return true;
    }

    private static int RunLength(ReadOnlySpan<TwccPacketStatus> packets)
    {
        int run = 1;
        while (run < packets.Length && run < TwccChunk.MaxRunLength && packets[run].Symbol == packets[0].Symbol) run++;
        return run;
    }

    private static bool HasLarge(ReadOnlySpan<TwccPacketStatus> packets)
    {
        foreach (var status in packets)
        {
            if (status.Symbol == TwccSymbol.LargeDelta) return true;
        }
        return false;
    }
}
