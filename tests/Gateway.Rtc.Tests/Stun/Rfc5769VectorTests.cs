using System.Net;
using System.Text;
using Gateway.Rtc.Stun;

namespace Gateway.Rtc.Tests.Stun;

/// <summary>The RFC 5769 test vectors, byte for byte.</summary>
public sealed class Rfc5769VectorTests
{
    private static readonly byte[] ShortTermKey = StunCredentials.ShortTermKey(StunTestData.Password);
    private static readonly StunTransactionId VectorTransactionId = new(0xb7e7a701, 0xbc34d686fa87dfae);

    [Fact]
    public void Sample_request_parses_with_every_attribute()
    {
        var data = StunTestData.Load("rfc5769-2.1-request.hex");
        Assert.Equal(108, data.Length);
        Assert.True(StunMessage.IsStun(data));
        Assert.True(StunMessage.TryParse(data, out var message, out var error), error.ToString());

        Assert.Equal(StunMessageType.BindingRequest, message.Type);
        Assert.Equal(VectorTransactionId, message.TransactionId);
        Assert.True(message.TryGetSoftware(out var software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetPriority(out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlled(out var tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.HasUseCandidate);
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.Equal(76, message.MessageIntegrityOffset);
        Assert.Equal(100, message.FingerprintOffset);
    }

    [Theory]
    [InlineData("rfc5769-2.1-request.hex")]
    [InlineData("rfc5769-2.2-ipv4-response.hex")]
    [InlineData("rfc5769-2.3-ipv6-response.hex")]
    public void Short_term_integrity_and_fingerprint_verify(string file)
    {
        var data = StunTestData.Load(file);
        Assert.True(StunMessage.TryParse(data, out var message, out _));
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
        Assert.True(StunMessage.VerifyMessageIntegrity(data, ShortTermKey));
        Assert.True(StunMessage.VerifyFingerprint(data));
        Assert.False(message.VerifyMessageIntegrity(StunCredentials.ShortTermKey("VOkJxbRl1RmTxUk/WvJxBT")));
    }

    [Theory]
    [InlineData("rfc5769-2.1-request.hex", 30)]   // a byte of SOFTWARE
    [InlineData("rfc5769-2.2-ipv4-response.hex", 45)]   // a byte of the XOR'd address
    [InlineData("rfc5769-2.3-ipv6-response.hex", 3)]    // the length field: breaks the parse itself
    public void A_flipped_bit_fails_integrity_or_fingerprint(string file, int position)
    {
        var data = StunTestData.Load(file);
        data[position] ^= 0x01;
        Assert.False(StunMessage.VerifyMessageIntegrity(data, ShortTermKey));
        Assert.False(StunMessage.VerifyFingerprint(data));
    }

    [Fact]
    public void Ipv4_response_carries_the_xor_mapped_address()
    {
        var data = StunTestData.Load("rfc5769-2.2-ipv4-response.hex");
        Assert.True(StunMessage.TryParse(data, out var message, out _));
        Assert.Equal(StunMessageType.BindingSuccess, message.Type);
        Assert.True(message.TryGetXorMappedAddress(out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), endPoint);
        Assert.True(message.TryGetSoftware(out var software));
        Assert.Equal("test vector", Encoding.UTF8.GetString(software));
    }

    [Fact]
    public void Ipv6_response_carries_the_xor_mapped_address()
    {
        var data = StunTestData.Load("rfc5769-2.3-ipv6-response.hex");
        Assert.True(StunMessage.TryParse(data, out var message, out _));
        Assert.True(message.TryGetXorMappedAddress(out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), endPoint);
    }

    [Fact]
    public void Long_term_request_verifies_with_the_md5_key()
    {
        var data = StunTestData.Load("rfc5769-2.4-long-term-request.hex");
        Assert.True(StunMessage.TryParse(data, out var message, out _));
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetRealm(out var realm));
        Assert.Equal("example.org", Encoding.UTF8.GetString(realm));
        Assert.True(message.TryGetNonce(out var nonce));
        Assert.Equal("f//499k954d6OL34oL9FSTvy64sA", Encoding.UTF8.GetString(nonce));
        Assert.Equal(-1, message.FingerprintOffset);
        Assert.False(message.VerifyFingerprint());

        var key = StunCredentials.LongTermKey("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", "example.org", "TheMatrIX");
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.False(message.VerifyMessageIntegrity(ShortTermKey));
    }

    [Fact]
    public void Writer_reproduces_the_ipv4_response_apart_from_padding_bytes()
    {
        var expected = StunTestData.Load("rfc5769-2.2-ipv4-response.hex");
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccess, VectorTransactionId);
        Assert.True(writer.AddSoftware("test vector"));
        Assert.True(writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853)));
        Assert.True(writer.AddMessageIntegrity(ShortTermKey));
        Assert.True(writer.AddFingerprint());
        var written = writer.Written.ToArray();

        Assert.Equal(expected.Length, written.Length);
        // The RFC pads SOFTWARE with a space (byte 35); we pad with zero, which changes the HMAC and CRC after it.
        Assert.Equal(expected[..35], written[..35]);
        Assert.Equal(0, written[35]);
        Assert.Equal(expected[36..48], written[36..48]);
        Assert.True(StunMessage.VerifyMessageIntegrity(written, ShortTermKey));
        Assert.True(StunMessage.VerifyFingerprint(written));

        // With the RFC's padding byte in place our HMAC and CRC must equal the RFC's exactly.
        var spaced = new byte[256];
        var again = new StunMessageWriter(spaced, StunMessageType.BindingSuccess, VectorTransactionId);
        Assert.True(again.AddAttribute(StunAttributeType.Software, "test vector"u8));
        spaced[35] = 0x20;
        Assert.True(again.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853)));
        Assert.True(again.AddMessageIntegrity(ShortTermKey));
        Assert.True(again.AddFingerprint());
        Assert.Equal(expected, again.Written.ToArray());
    }
}
