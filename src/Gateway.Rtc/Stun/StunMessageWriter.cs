using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Rtc.Stun;

/// <summary>
/// Writes a STUN message into the caller's buffer without allocating. Add attributes in wire order, then
/// <see cref="AddMessageIntegrity"/> and <see cref="AddFingerprint"/> last (RFC 8489 §14.5, §14.7); the header length
/// is kept current after every call, so <see cref="Written"/> is always a complete message.
/// Every Add returns false, and writes nothing, when the attribute does not fit.
/// </summary>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    /// <exception cref="ArgumentException">The buffer cannot hold even the 20-byte header (a caller bug).</exception>
    public StunMessageWriter(Span<byte> destination, StunMessageType type, StunTransactionId transactionId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, StunMessage.HeaderLength, nameof(destination));
        _buffer = destination;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer, type.ToWire());
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[4..], StunMessage.MagicCookie);
        transactionId.WriteTo(_buffer[8..]);
        TransactionId = transactionId;
        _length = StunMessage.HeaderLength;
        SetLengthField(_length);
    }

    public StunTransactionId TransactionId { get; }

    /// <summary>Total bytes written so far (header included).</summary>
    public readonly int Length => _length;

    /// <summary>The message as written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Adds an attribute with a raw value; the padding is written as zeros.</summary>
    public bool AddAttribute(StunAttributeType type, ReadOnlySpan<byte> value)
    {
        if (!TryReserve(type, value.Length, out var destination)) return false;
        value.CopyTo(destination);
        return Commit(value.Length);
    }

    public bool AddUsername(string username) => AddUtf8(StunAttributeType.Username, username);

    public bool AddSoftware(string software) => AddUtf8(StunAttributeType.Software, software);

    public bool AddXorMappedAddress(IPEndPoint endPoint) => AddAddress(StunAttributeType.XorMappedAddress, endPoint, xor: true);

    public bool AddMappedAddress(IPEndPoint endPoint) => AddAddress(StunAttributeType.MappedAddress, endPoint, xor: false);

    /// <summary>TURN XOR-PEER-ADDRESS (RFC 8656 §18.3).</summary>
    public bool AddXorPeerAddress(IPEndPoint endPoint) => AddAddress(StunAttributeType.XorPeerAddress, endPoint, xor: true);

    public bool AddRealm(string realm) => AddUtf8(StunAttributeType.Realm, realm);

    public bool AddNonce(string nonce) => AddUtf8(StunAttributeType.Nonce, nonce);

    /// <summary>TURN REQUESTED-TRANSPORT (RFC 8656 §18.7): the protocol number, 17 for UDP, then three reserved bytes.</summary>
    public bool AddRequestedTransport(byte protocol)
    {
        if (!TryReserve(StunAttributeType.RequestedTransport, 4, out var destination)) return false;
        destination[0] = protocol;
        destination[1..4].Clear();
        return Commit(4);
    }

    /// <summary>TURN LIFETIME (RFC 8656 §18.2) in seconds; 0 in a Refresh deletes the allocation.</summary>
    public bool AddLifetime(uint seconds)
    {
        if (!TryReserve(StunAttributeType.Lifetime, 4, out var destination)) return false;
        BinaryPrimitives.WriteUInt32BigEndian(destination, seconds);
        return Commit(4);
    }

    /// <summary>TURN CHANNEL-NUMBER (RFC 8656 §18.1): the number, then two reserved bytes.</summary>
    public bool AddChannelNumber(ushort channel)
    {
        if (!TryReserve(StunAttributeType.ChannelNumber, 4, out var destination)) return false;
        BinaryPrimitives.WriteUInt16BigEndian(destination, channel);
        destination[2..4].Clear();
        return Commit(4);
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8); <paramref name="code"/> in 300..699.</summary>
    public bool AddErrorCode(int code, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 300);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 699);
        int reasonLength = Encoding.UTF8.GetByteCount(reason);
        if (!TryReserve(StunAttributeType.ErrorCode, 4 + reasonLength, out var destination)) return false;
        destination[0] = 0;
        destination[1] = 0;
        destination[2] = (byte)(code / 100);
        destination[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, destination[4..]);
        return Commit(4 + reasonLength);
    }

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.13), sent with a 420 error.</summary>
    public bool AddUnknownAttributes(ReadOnlySpan<ushort> types)
    {
        if (!TryReserve(StunAttributeType.UnknownAttributes, 2 * types.Length, out var destination)) return false;
        for (int i = 0; i < types.Length; i++) BinaryPrimitives.WriteUInt16BigEndian(destination[(2 * i)..], types[i]);
        return Commit(2 * types.Length);
    }

    public bool AddPriority(uint priority)
    {
        if (!TryReserve(StunAttributeType.Priority, 4, out var destination)) return false;
        BinaryPrimitives.WriteUInt32BigEndian(destination, priority);
        return Commit(4);
    }

    public bool AddUseCandidate() => AddAttribute(StunAttributeType.UseCandidate, []);

    public bool AddIceControlling(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlling, tieBreaker);

    public bool AddIceControlled(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlled, tieBreaker);

    /// <summary>MESSAGE-INTEGRITY: HMAC-SHA1 over the message so far, length field counting this attribute.</summary>
    public bool AddMessageIntegrity(ReadOnlySpan<byte> key) => AddIntegrity(key, sha256: false);

    /// <summary>MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6) with the full 32-byte HMAC.</summary>
    public bool AddMessageIntegritySha256(ReadOnlySpan<byte> key) => AddIntegrity(key, sha256: true);

    /// <summary>FINGERPRINT: must be the last attribute.</summary>
    public bool AddFingerprint()
    {
        if (!TryReserve(StunAttributeType.Fingerprint, Fingerprint.ValueLength, out var destination)) return false;
        int offset = _length;
        // The CRC covers a header whose length already includes the FINGERPRINT attribute (§14.7).
        SetLengthField(offset + StunMessage.AttributeHeaderLength + Fingerprint.ValueLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Fingerprint.Compute(_buffer[..offset]));
        return Commit(Fingerprint.ValueLength);
    }

    private bool AddIntegrity(ReadOnlySpan<byte> key, bool sha256)
    {
        int valueLength = sha256 ? MessageIntegrity.Sha256Length : MessageIntegrity.Sha1Length;
        var type = sha256 ? StunAttributeType.MessageIntegritySha256 : StunAttributeType.MessageIntegrity;
        if (!TryReserve(type, valueLength, out var destination)) return false;
        int offset = _length;
        SetLengthField(offset + StunMessage.AttributeHeaderLength + valueLength);
        if (sha256) HMACSHA256.HashData(key, _buffer[..offset], destination);
        else HMACSHA1.HashData(key, _buffer[..offset], destination);
        return Commit(valueLength);
    }

    private bool AddUtf8(StunAttributeType type, string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        if (!TryReserve(type, length, out var destination)) return false;
        Encoding.UTF8.GetBytes(text, destination);
        return Commit(length);
    }

    private bool AddAddress(StunAttributeType type, IPEndPoint endPoint, bool xor)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        int length = StunAddress.ValueLength(address.AddressFamily);
        if (!TryReserve(type, length, out var destination)) return false;
        if (!StunAddress.TryWrite(destination, endPoint, xor, TransactionId, out int written)) return false;
        return Commit(written);
    }

    private bool AddUInt64(StunAttributeType type, ulong value)
    {
        if (!TryReserve(type, 8, out var destination)) return false;
        BinaryPrimitives.WriteUInt64BigEndian(destination, value);
        return Commit(8);
    }

    /// <summary>Writes the attribute header and hands out the value area; nothing is committed yet.</summary>
    private readonly bool TryReserve(StunAttributeType type, int valueLength, out Span<byte> value)
    {
        value = default;
        int padded = StunMessage.Pad(valueLength);
        if (valueLength > ushort.MaxValue || _buffer.Length - _length < StunMessage.AttributeHeaderLength + padded ||
            _length - StunMessage.HeaderLength + StunMessage.AttributeHeaderLength + padded > ushort.MaxValue)
            return false;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_length..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_length + 2)..], (ushort)valueLength);
        value = _buffer.Slice(_length + StunMessage.AttributeHeaderLength, valueLength);
        return true;
    }

    private bool Commit(int valueLength)
    {
        int valueOffset = _length + StunMessage.AttributeHeaderLength;
        int padded = StunMessage.Pad(valueLength);
        _buffer.Slice(valueOffset + valueLength, padded - valueLength).Clear();
        _length = valueOffset + padded;
        SetLengthField(_length);
        return true;
    }

    private readonly void SetLengthField(int totalLength) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(totalLength - StunMessage.HeaderLength));
}
