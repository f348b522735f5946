using System.Buffers.Binary;
using System.Net;
using System.Text;
using Gateway.Rtc.Stun;

namespace Gateway.Rtc.Tests.Stun;

public sealed class StunMessageTests
{
    private static readonly byte[] Key = StunCredentials.ShortTermKey("0123456789abcdefghijkl");

    [Theory]
    [InlineData("", StunParseError.TooShort)]
    [InlineData("0001000021 12a442 b7e7a701bc34d686fa87df", StunParseError.TooShort)]                    // 19 bytes
    [InlineData("80010000 2112a442 b7e7a701bc34d686fa87dfae", StunParseError.NotStun)]                   // RTP-like first byte
    [InlineData("00010000 2112a443 b7e7a701bc34d686fa87dfae", StunParseError.BadMagicCookie)]
    [InlineData("00010002 2112a442 b7e7a701bc34d686fa87dfae 0000", StunParseError.BadLength)]             // not a multiple of 4
    [InlineData("00010008 2112a442 b7e7a701bc34d686fa87dfae 00240004", StunParseError.BadLength)]         // says 8, has 4
    [InlineData("00010004 2112a442 b7e7a701bc34d686fa87dfae 00240004", StunParseError.TruncatedAttribute)] // value missing
    [InlineData("00010008 2112a442 b7e7a701bc34d686fa87dfae 00060005 41424344", StunParseError.TruncatedAttribute)] // padding missing
    [InlineData("00010008 2112a442 b7e7a701bc34d686fa87dfae 80280008 00000000", StunParseError.TruncatedAttribute)]
    [InlineData("00010008 2112a442 b7e7a701bc34d686fa87dfae 00080004 00000000", StunParseError.BadAttributeLength)] // MI of 4
    [InlineData("00010008 2112a442 b7e7a701bc34d686fa87dfae 80280000 00000000", StunParseError.BadAttributeLength)] // FP of 0
    [InlineData("00010010 2112a442 b7e7a701bc34d686fa87dfae 80280004 00000000 00240004 00000001", StunParseError.FingerprintNotLast)]
    public void Malformed_messages_are_rejected_with_a_reason(string hex, StunParseError expected)
    {
        var data = StunTestData.Hex(hex);
        Assert.False(StunMessage.TryParse(data, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("00010000 2112a442 b7e7a701bc34d686fa87dfae", true)]
    [InlineData("03ff0000 2112a442 b7e7a701bc34d686fa87dfae", true)]
    [InlineData("04010000 2112a442 b7e7a701bc34d686fa87dfae", false)]   // RFC 7983: 4..19 is not STUN
    [InlineData("16fefd00 2112a442 b7e7a701bc34d686fa87dfae", false)]   // DTLS handshake
    [InlineData("80600001 2112a442 b7e7a701bc34d686fa87dfae", false)]   // RTP
    [InlineData("00010000 2112a443 b7e7a701bc34d686fa87dfae", false)]   // RFC 3489, no cookie
    [InlineData("00010000 2112a442 b7e7a701bc34d686fa87df", false)]     // 19 bytes
    public void IsStun_demultiplexes_by_first_byte_and_cookie(string hex, bool expected) =>
        Assert.Equal(expected, StunMessage.IsStun(StunTestData.Hex(hex)));

    [Fact]
    public void Empty_binding_request_parses()
    {
        var data = StunTestData.Hex("00010000 2112a442 000000000000000000000001");
        Assert.True(StunMessage.TryParse(data, out var message, out _));
        Assert.Equal(new StunTransactionId(0, 1), message.TransactionId);
        Assert.Equal(-1, message.MessageIntegrityOffset);
        Assert.False(message.VerifyMessageIntegrity(Key));
        Assert.False(message.Attributes.MoveNext());
    }

    [Fact]
    public void Attributes_after_message_integrity_are_ignored_except_fingerprint()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, new StunTransactionId(1, 2));
        Assert.True(writer.AddUsername("a:b"));
        Assert.True(writer.AddMessageIntegrity(Key));
        Assert.True(writer.AddPriority(7));        // unprotected: RFC 8489 §14.5 says ignore it
        Assert.True(writer.AddFingerprint());
        Assert.True(StunMessage.TryParse(writer.Written, out var message, out _));
        Assert.False(message.TryGetPriority(out _));
        Assert.True(message.TryGetUsername(out _));
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());

        int count = 0;
        foreach (var attribute in message.Attributes) count++;
        Assert.Equal(4, count);
    }

    [Fact]
    public void Error_response_round_trips_code_reason_and_unknown_attributes()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingError, new StunTransactionId(3, 4));
        Assert.True(writer.AddErrorCode(420, "Unknown Attribute"));
        Assert.True(writer.AddUnknownAttributes([0x0031, 0x7FFF, 0x0002]));
        Assert.True(writer.AddFingerprint());
        var bytes = writer.Written.ToArray();
        // ERROR-CODE: reserved 0, class 4, number 20 (RFC 8489 §14.8).
        Assert.Equal(new byte[] { 0x00, 0x09, 0x00, 0x15, 0x00, 0x00, 0x04, 0x14 }, bytes[20..28]);

        Assert.True(StunMessage.TryParse(bytes, out var message, out _));
        Assert.Equal(StunMessageType.BindingError, message.Type);
        Assert.True(message.TryGetErrorCode(out int code, out var reason));
        Assert.Equal(420, code);
        Assert.Equal("Unknown Attribute", Encoding.UTF8.GetString(reason));
        Span<ushort> unknown = stackalloc ushort[4];
        Assert.True(message.TryGetUnknownAttributes(unknown, out int count));
        Assert.Equal(3, count);
        Assert.Equal(new ushort[] { 0x0031, 0x7FFF, 0x0002 }, unknown[..3].ToArray());
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void Mapped_address_and_sha256_integrity_round_trip()
    {
        var buffer = new byte[256];
        var transactionId = StunTransactionId.NewRandom();
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, transactionId);
        var v6 = new IPEndPoint(IPAddress.Parse("fe80::1:2:3:4"), 65535);
        Assert.True(writer.AddMappedAddress(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 1)));
        Assert.True(writer.AddXorMappedAddress(v6));
        Assert.True(writer.AddMessageIntegritySha256(Key));
        Assert.True(writer.AddMessageIntegrity(Key));
        Assert.True(writer.AddFingerprint());

        Assert.True(StunMessage.TryParse(writer.Written, out var message, out _));
        Assert.Equal(transactionId, message.TransactionId);
        Assert.True(message.TryGetMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 1), mapped);
        Assert.True(message.TryGetXorMappedAddress(out var xorMapped));
        Assert.Equal(v6, xorMapped);
        Assert.True(message.VerifyMessageIntegritySha256(Key));
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.False(message.VerifyMessageIntegritySha256(StunCredentials.ShortTermKey("other")));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void Writer_refuses_attributes_that_do_not_fit_and_keeps_a_valid_message()
    {
        var buffer = new byte[40];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, new StunTransactionId(5, 6));
        Assert.True(writer.AddPriority(1));            // 28 bytes
        Assert.False(writer.AddMessageIntegrity(Key)); // needs 24 more
        Assert.True(writer.AddFingerprint());          // 36 bytes
        Assert.Equal(36, writer.Length);
        Assert.Equal(16, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)));
        Assert.True(StunMessage.VerifyFingerprint(writer.Written));
        Assert.False(writer.AddPriority(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StunMessageWriter(new byte[19], StunMessageType.BindingRequest, default));
    }

    [Fact]
    public void Username_is_padded_with_zeros_and_length_excludes_padding()
    {
        var buffer = new byte[64];
        buffer.AsSpan().Fill(0xEE);
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, new StunTransactionId(0, 0));
        Assert.True(writer.AddUsername("abcde"));
        Assert.Equal(StunTestData.Hex("0006 0005 6162636465 000000"), buffer[20..32]);
        Assert.Equal(32, writer.Length);
    }
}
