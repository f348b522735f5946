using System.Buffers.Binary;
using System.Numerics;

namespace Gateway.Rtc.Rtcp;

/// <summary>
/// REMB, PSFB FMT 15 with identifier 'REMB' (draft-alvestrand-rmcat-remb-03 §2.2): media SSRC 0, a bitrate as
/// 6-bit exponent and 18-bit mantissa, and the SSRCs it applies to.
/// </summary>
public readonly ref struct ReceiverEstimatedMaximumBitrate
{
    /// <summary>'R' 'E' 'M' 'B'.</summary>
    public const uint Identifier = 0x52454D42;

    private const int MantissaBits = 18;

    public ReceiverEstimatedMaximumBitrate(uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
        : this(senderSsrc, bitrate, new SsrcList(ssrcs))
    {
    }

    private ReceiverEstimatedMaximumBitrate(uint senderSsrc, ulong bitrate, SsrcList ssrcs)
    {
        SenderSsrc = senderSsrc;
        Bitrate = bitrate;
        Ssrcs = ssrcs;
    }

    public uint SenderSsrc { get; }

    /// <summary>Bits per second. Written as mantissa × 2^exp, so low bits of large values are truncated.</summary>
    public ulong Bitrate { get; }

    public SsrcList Ssrcs { get; }

    public int Length => RtcpHeader.Size + 16 + Ssrcs.WireLength;

    public static bool TryParse(ReadOnlySpan<byte> data, out ReceiverEstimatedMaximumBitrate remb, out RtcpParseError error)
    {
        remb = default;
        if (!RtcpPacket.TryRead(data, RtcpPacketType.PayloadFeedback, FeedbackFormat.ApplicationLayer, out var packet, out error)) return false;
        var body = packet.Payload;
        if (body.Length < 16) return RtcpFail.With(RtcpParseError.Truncated, out error);
        if (BinaryPrimitives.ReadUInt32BigEndian(body[8..]) != Identifier) return RtcpFail.With(RtcpParseError.WrongFormat, out error);
        int count = body[12];
        int exponent = body[13] >> 2;
        ulong mantissa = ((ulong)(body[13] & 0x03) << 16) | BinaryPrimitives.ReadUInt16BigEndian(body[14..]);
        if (body.Length - 16 < 4 * count) return RtcpFail.With(RtcpParseError.BadCount, out error);
        // A mantissa shifted past 64 bits saturates rather than wrapping to a small, wrong bitrate.
        ulong bitrate = mantissa != 0 && BitOperations.LeadingZeroCount(mantissa) < exponent ? ulong.MaxValue : mantissa << exponent;
        remb = new ReceiverEstimatedMaximumBitrate(BinaryPrimitives.ReadUInt32BigEndian(body), bitrate, new SsrcList(body.Slice(16, 4 * count), count));
        return true;
    }

    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = 0;
        int length = Length;
        if (Ssrcs.Count > 255 || destination.Length < length) return false;
        int exponent = Math.Max(0, 64 - BitOperations.LeadingZeroCount(Bitrate) - MantissaBits);
        uint mantissa = (uint)(Bitrate >> exponent);
        RtcpHeader.Write(destination, FeedbackFormat.ApplicationLayer, RtcpPacketType.PayloadFeedback, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], 0); // media SSRC is unused, §2.2
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Identifier);
        destination[16] = (byte)Ssrcs.Count;
        destination[17] = (byte)((exponent << 2) | (int)(mantissa >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(destination[18..], (ushort)mantissa);
        Ssrcs.WriteTo(destination[20..]);
        written = length;
        return true;
    }
}
