using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Rtc.WebRtc;

/// <summary>
/// A remote UDP address as a value, read straight from the <see cref="SocketAddress"/> a receive filled in, so routing
/// a datagram to its peer allocates nothing. IPv4 and IPv4-mapped IPv6 (what a dual-mode socket reports) give the
/// same key.
/// </summary>
internal readonly record struct RemoteKey(UInt128 Address, ushort Port, bool IsIPv6)
{
    public static RemoteKey From(IPEndPoint endPoint)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return address.AddressFamily == AddressFamily.InterNetwork
            ? new RemoteKey(BinaryPrimitives.ReadUInt32BigEndian(bytes), (ushort)endPoint.Port, false)
            : new RemoteKey(BinaryPrimitives.ReadUInt128BigEndian(bytes[..written]), (ushort)endPoint.Port, true);
    }

    /// <summary>Reads a Linux sockaddr_in / sockaddr_in6 as <see cref="SocketAddress"/> holds it.</summary>
    public static bool TryFrom(SocketAddress address, out RemoteKey key)
    {
        var buffer = address.Buffer.Span;
        key = default;
        if (address.Family == AddressFamily.InterNetwork && address.Size >= 8)
        {
            key = new RemoteKey(BinaryPrimitives.ReadUInt32BigEndian(buffer[4..8]), BinaryPrimitives.ReadUInt16BigEndian(buffer[2..4]), false);
            return true;
        }
        if (address.Family == AddressFamily.InterNetworkV6 && address.Size >= 24)
        {
            var bytes = buffer[8..24];
            var port = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..4]);
            // ::ffff:a.b.c.d — an IPv4 peer on a dual-mode socket.
            key = bytes[..10].IndexOfAnyExcept((byte)0) < 0 && bytes[10] == 0xFF && bytes[11] == 0xFF
                ? new RemoteKey(BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]), port, false)
                : new RemoteKey(BinaryPrimitives.ReadUInt128BigEndian(bytes), port, true);
            return true;
        }
        return false;
    }
}
