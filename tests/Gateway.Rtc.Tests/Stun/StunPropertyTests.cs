using System.Buffers.Binary;
using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Gateway.Rtc.Stun;

namespace Gateway.Rtc.Tests.Stun;

public sealed class StunPropertyTests
{
    [Property(MaxTest = 2000)]
    public void TryParse_never_throws_on_arbitrary_bytes(byte[] data)
    {
        if (StunMessage.TryParse(data, out var message, out _)) Exercise(message);
    }

    /// <summary>Arbitrary attribute bytes behind a valid header, so the attribute walk itself gets fuzzed.</summary>
    [Property(MaxTest = 2000)]
    public void TryParse_never_throws_on_arbitrary_attributes(byte[] attributes, bool fixLength)
    {
        var data = new byte[StunMessage.HeaderLength + attributes.Length];
        BinaryPrimitives.WriteUInt16BigEndian(data, 0x0001);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), (ushort)(fixLength ? attributes.Length & ~3 : attributes.Length));
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), StunMessage.MagicCookie);
        attributes.CopyTo(data, StunMessage.HeaderLength);
        var span = fixLength ? data.AsSpan(0, StunMessage.HeaderLength + (attributes.Length & ~3)) : data;
        if (StunMessage.TryParse(span, out var message, out _)) Exercise(message);
    }

    [Property(MaxTest = 500)]
    public bool Parse_of_write_returns_what_was_written(
        ushort method, byte cls, uint idHigh, ulong idLow, NonNull<string> username, uint priority,
        bool useCandidate, ulong tieBreaker, bool controlling, bool ipv6, uint addressSeed, ushort port, NonNull<string> password)
    {
        var type = new StunMessageType((StunMethod)(method & StunMessageType.MaxMethod), (StunClass)(cls & 3));
        var id = new StunTransactionId(idHigh, idLow);
        var address = MakeAddress(ipv6, addressSeed);
        var key = StunCredentials.ShortTermKey(password.Get);
        var buffer = new byte[70_000];
        var writer = new StunMessageWriter(buffer, type, id);
        bool wroteUsername = writer.AddUsername(username.Get); // false only when it exceeds the 16-bit length
        Assert.True(writer.AddPriority(priority));
        if (useCandidate) Assert.True(writer.AddUseCandidate());
        Assert.True(controlling ? writer.AddIceControlling(tieBreaker) : writer.AddIceControlled(tieBreaker));
        Assert.True(writer.AddXorMappedAddress(new IPEndPoint(address, port)));
        Assert.True(writer.AddMessageIntegrity(key));
        Assert.True(writer.AddFingerprint());

        if (!StunMessage.TryParse(writer.Written, out var message, out var error)) return false;
        ulong controlValue = 0;
        bool controlOk = controlling ? message.TryGetIceControlling(out controlValue) : message.TryGetIceControlled(out controlValue);
        bool usernameOk = wroteUsername
            ? message.TryGetUsername(out var user) && user.SequenceEqual(Encoding.UTF8.GetBytes(username.Get))
            : !message.TryGetUsername(out _);
        return error == StunParseError.None && message.Type == type && message.TransactionId == id && usernameOk &&
               message.TryGetPriority(out var p) && p == priority && message.HasUseCandidate == useCandidate &&
               controlOk && controlValue == tieBreaker &&
               message.TryGetXorMappedAddress(out var endPoint) && endPoint!.Equals(new IPEndPoint(address, port)) &&
               message.VerifyMessageIntegrity(key) && message.VerifyFingerprint();
    }

    private static IPAddress MakeAddress(bool ipv6, uint seed)
    {
        var bytes = new byte[ipv6 ? 16 : 4];
        new Random((int)seed).NextBytes(bytes);
        return new IPAddress(bytes);
    }

    private static void Exercise(StunMessage message)
    {
        _ = message.TryGetXorMappedAddress(out _);
        _ = message.TryGetMappedAddress(out _);
        _ = message.TryGetErrorCode(out _, out _);
        _ = message.TryGetUnknownAttributes(stackalloc ushort[2], out _);
        _ = message.TryGetPriority(out _);
        _ = message.TryGetIceControlling(out _);
        _ = message.VerifyMessageIntegrity("key"u8);
        _ = message.VerifyMessageIntegritySha256("key"u8);
        _ = message.VerifyFingerprint();
        foreach (var attribute in message.Attributes) _ = attribute.Value.Length;
    }
}
