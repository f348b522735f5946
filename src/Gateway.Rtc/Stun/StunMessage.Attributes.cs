using System.Buffers.Binary;
using System.Net;

namespace Gateway.Rtc.Stun;

/// <summary>Typed attribute getters. Each returns false when the attribute is missing or its value is malformed.</summary>
public readonly ref partial struct StunMessage
{
    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2). Allocates the returned endpoint.</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(StunAttributeType.XorMappedAddress, out var value) &&
               StunAddress.TryRead(value, xor: true, TransactionId, out endPoint);
    }

    /// <summary>TURN XOR-RELAYED-ADDRESS (RFC 8656 §18.5). Allocates the returned endpoint.</summary>
    public bool TryGetXorRelayedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(StunAttributeType.XorRelayedAddress, out var value) &&
               StunAddress.TryRead(value, xor: true, TransactionId, out endPoint);
    }

    /// <summary>TURN XOR-PEER-ADDRESS (RFC 8656 §18.3). Allocates the returned endpoint.</summary>
    public bool TryGetXorPeerAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(StunAttributeType.XorPeerAddress, out var value) &&
               StunAddress.TryRead(value, xor: true, TransactionId, out endPoint);
    }

    /// <summary>TURN LIFETIME in seconds (RFC 8656 §18.2).</summary>
    public bool TryGetLifetime(out uint seconds)
    {
        seconds = 0;
        if (!TryGetAttribute(StunAttributeType.Lifetime, out var value) || value.Length != 4) return false;
        seconds = BinaryPrimitives.ReadUInt32BigEndian(value);
        return true;
    }

    /// <summary>MAPPED-ADDRESS (RFC 8489 §14.1), kept for RFC 3489 peers. Allocates the returned endpoint.</summary>
    public bool TryGetMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(StunAttributeType.MappedAddress, out var value) &&
               StunAddress.TryRead(value, xor: false, TransactionId, out endPoint);
    }

    /// <summary>USERNAME as UTF-8 bytes (RFC 8489 §14.3); ICE puts "remoteUfrag:localUfrag" there (RFC 8445 §7.2.2).</summary>
    public bool TryGetUsername(out ReadOnlySpan<byte> utf8) => TryGetAttribute(StunAttributeType.Username, out utf8);

    /// <summary>SOFTWARE as UTF-8 bytes (RFC 8489 §14.14).</summary>
    public bool TryGetSoftware(out ReadOnlySpan<byte> utf8) => TryGetAttribute(StunAttributeType.Software, out utf8);

    /// <summary>REALM as UTF-8 bytes (RFC 8489 §14.9).</summary>
    public bool TryGetRealm(out ReadOnlySpan<byte> utf8) => TryGetAttribute(StunAttributeType.Realm, out utf8);

    /// <summary>NONCE as UTF-8 bytes (RFC 8489 §14.10).</summary>
    public bool TryGetNonce(out ReadOnlySpan<byte> utf8) => TryGetAttribute(StunAttributeType.Nonce, out utf8);

    /// <summary>ERROR-CODE (RFC 8489 §14.8): code = class × 100 + number, reason phrase as UTF-8.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reasonUtf8)
    {
        code = 0;
        reasonUtf8 = default;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out var value) || value.Length < 4) return false;
        int errorClass = value[2] & 0x07, number = value[3];
        if (errorClass is < 3 or > 6 || number > 99) return false;
        code = errorClass * 100 + number;
        reasonUtf8 = value[4..];
        return true;
    }

    /// <summary>
    /// UNKNOWN-ATTRIBUTES (RFC 8489 §14.13): copies up to <paramref name="destination"/>.Length types and reports
    /// how many the attribute holds.
    /// </summary>
    public bool TryGetUnknownAttributes(Span<ushort> destination, out int count)
    {
        count = 0;
        if (!TryGetAttribute(StunAttributeType.UnknownAttributes, out var value) || (value.Length & 1) != 0) return false;
        count = value.Length / 2;
        for (int i = 0; i < count && i < destination.Length; i++)
            destination[i] = BinaryPrimitives.ReadUInt16BigEndian(value[(2 * i)..]);
        return true;
    }

    /// <summary>PRIORITY (RFC 8445 §7.1.1): the priority the peer would give a peer-reflexive candidate.</summary>
    public bool TryGetPriority(out uint priority)
    {
        priority = 0;
        if (!TryGetAttribute(StunAttributeType.Priority, out var value) || value.Length != 4) return false;
        priority = BinaryPrimitives.ReadUInt32BigEndian(value);
        return true;
    }

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2): the controlling agent nominates this pair.</summary>
    public bool HasUseCandidate => TryGetAttribute(StunAttributeType.UseCandidate, out _);

    /// <summary>ICE-CONTROLLING (RFC 8445 §7.1.3): the sender is controlling; the value is its tie breaker.</summary>
    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    /// <summary>ICE-CONTROLLED (RFC 8445 §7.1.3): the sender is controlled; the value is its tie breaker.</summary>
    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    private bool TryGetUInt64(StunAttributeType type, out ulong result)
    {
        result = 0;
        if (!TryGetAttribute(type, out var value) || value.Length != 8) return false;
        result = BinaryPrimitives.ReadUInt64BigEndian(value);
        return true;
    }
}
