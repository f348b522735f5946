using System.Buffers.Binary;

namespace Gateway.Rtc.Rtcp;

/// <summary>Application-defined, PT 204 (RFC 3550 §6.7): subtype, SSRC, 4-character name, data in 32-bit words.</summary>
public readonly ref struct ApplicationDefined
{
    public ApplicationDefined(byte subtype, uint ssrc, uint name, ReadOnlySpan<byte> data)
    {
        Subtype = subtype;
        Ssrc = ssrc;
        Name = name;
        Data = data;
    }

    /// <summary>5-bit subtype carried in the count field.</summary>
    public byte Subtype { get; }

    public uint Ssrc { get; }

    /// <summary>Four ASCII characters, big-endian ('REMB' is 0x52454D42).</summary>
    public uint Name { get; }

    /// <summary>Application data; its length is a multiple of 4.</summary>
    public ReadOnlySpan<byte> Data { get; }

    public int Length => RtcpHeader.Size + 8 + Data.Length;

    public static bool TryParse(ReadOnlySpan<byte> data, out ApplicationDefined packet, out RtcpParseError error)
    {
        packet = default;
        if (!RtcpPacket.TryRead(data, RtcpPacketType.ApplicationDefined, -1, out var raw, out error)) return false;
        var body = raw.Payload;
        if (body.Length < 8) return RtcpFail.With(RtcpParseError.Truncated, out error);
        packet = new ApplicationDefined(raw.Count, BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt32BigEndian(body[4..]), body[8..]);
        return true;
    }

    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = 0;
        int length = Length;
        if (Subtype > RtcpHeader.MaxCount || Data.Length % 4 != 0 || destination.Length < length) return false;
        RtcpHeader.Write(destination, Subtype, RtcpPacketType.ApplicationDefined, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Name);
        Data.CopyTo(destination[12..]);
        written = length;
        return true;
    }
}
