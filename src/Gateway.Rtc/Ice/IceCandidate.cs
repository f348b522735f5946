using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Rtc.Sdp;
using Gateway.Rtc.Sdp.Attributes;

namespace Gateway.Rtc.Ice;

/// <summary>
/// One ICE candidate (RFC 8445 §5.1.1) of component 1 over UDP: the gateway always BUNDLEs with rtcp-mux, so there
/// is never a second component. <see cref="Base"/> is the local address a candidate sends from (§5.1.1.3): the host
/// socket for host and server-reflexive candidates, the relayed address for relayed ones.
/// </summary>
public sealed record IceCandidate(IceCandidateType Type, IPEndPoint EndPoint, uint Priority, string Foundation, IPEndPoint? Related = null)
{
    public const int Component = 1;

    /// <summary>The address checks from this candidate leave from: itself, except a server-reflexive one's host base.</summary>
    public IPEndPoint Base => Type == IceCandidateType.ServerReflexive && Related is not null ? Related : EndPoint;

    /// <summary>
    /// RFC 8445 §5.1.2.1: priority = 2^24 × type preference + 2^8 × local preference + (256 − component ID).
    /// </summary>
    public static uint ComputePriority(IceCandidateType type, ushort localPreference, int component = Component)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        return (type.TypePreference() << 24) + ((uint)localPreference << 8) + (uint)(256 - component);
    }

    /// <summary>
    /// §5.1.2.1 local preference for a multihomed host: IPv6 above IPv4 (RFC 8421's dual-stack advice), and
    /// within a family earlier configured addresses first.
    /// </summary>
    public static ushort LocalPreference(IPAddress address, int index) =>
        (ushort)Math.Max(0, (address.AddressFamily == AddressFamily.InterNetworkV6 ? 65535 : 65535 - 256) - index);

    /// <summary>§5.1.1.3: same type, same base IP, same server (for srflx/relay): a short stable label per kind.</summary>
    public static string MakeFoundation(IceCandidateType type, IPAddress baseAddress, IPEndPoint? server) =>
        ((uint)HashCode.Combine(type, baseAddress, server)).ToString(CultureInfo.InvariantCulture);

    public CandidateAttribute ToAttribute() =>
        new(Foundation, Component, "udp", Priority, EndPoint.Address.ToString(), EndPoint.Port, Type.ToSdp(),
            Related?.Address.ToString(), Related?.Port, ValueList<KeyValuePair<string, string>>.Empty);

    /// <summary>A remote candidate from SDP: UDP, component 1, a literal IP address. False otherwise (mDNS names, TCP).</summary>
    public static bool TryFromAttribute(CandidateAttribute attribute, out IceCandidate? candidate)
    {
        candidate = null;
        if (attribute is null || !attribute.IsUdp || attribute.Component != Component) return false;
        if (!IPAddress.TryParse(attribute.Address, out var address) || !IceCandidateTypeText.TryParse(attribute.Type, out var type)) return false;
        IPEndPoint? related = attribute.RelatedAddress is { } raddr && IPAddress.TryParse(raddr, out var relatedAddress) && attribute.RelatedPort is { } rport
            ? new IPEndPoint(relatedAddress, rport) : null;
        candidate = new IceCandidate(type, new IPEndPoint(address, attribute.Port), attribute.Priority, attribute.Foundation, related);
        return true;
    }

    public override string ToString() => $"{Type.ToSdp()} {EndPoint}";
}
