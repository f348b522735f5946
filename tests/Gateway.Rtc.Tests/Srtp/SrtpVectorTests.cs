using Gateway.Rtc.Srtp;
using static Gateway.Rtc.Tests.Srtp.SrtpTestData;

namespace Gateway.Rtc.Tests.Srtp;

/// <summary>Known-answer tests: RFC 3711 Appendix B, RFC 7714 §16/§17 and libsrtp's reference packets.</summary>
public sealed class SrtpVectorTests
{
    /// <param name="intrinsics">True: the AES-NI keystream (where the CPU has it); false: the platform ECB path.</param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfc3711_b2_aes_cm_keystream(bool intrinsics)
    {
        using var cipher = new AesCmCipher(Hex("2B7E151628AED2A6ABF7158809CF4F3C"), Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), intrinsics);
        Assert.Equal(intrinsics && AesCmCipher.IsSupported, cipher.UsesIntrinsics);
        var data = new byte[0xff02 * 16]; // zeros encrypt to the keystream itself
        cipher.Transform(ssrc: 0, index: 0, data);
        Assert.Equal(Hex("E03EAD0935C95E80E166B16DD92B4EB4"), data[..16]);
        Assert.Equal(Hex("D23513162B02D0F72A43A2FE4A5F97AB"), data[16..32]);
        Assert.Equal(Hex("41E95B3BB0A2E8DD477901E4FCA894C0"), data[32..48]);
        Assert.Equal(Hex("EC8CDF7398607CB0F2D21675EA9EA1E4"), data[(0xfeff * 16)..(0xff00 * 16)]);
        Assert.Equal(Hex("362B7C3C6773516318A077D7FC5073AE"), data[(0xff00 * 16)..(0xff01 * 16)]);
        Assert.Equal(Hex("6A2CC3787889374FBEB4C81B17BA6C44"), data[(0xff01 * 16)..(0xff02 * 16)]);
    }

    [Theory]
    [InlineData(SrtpKeyDerivation.RtpEncryption, "C61E7A93744F39EE10734AFE3FF7A087")]
    [InlineData(SrtpKeyDerivation.RtpSalt, "30CBBC08863D8C85D49DB34A9AE1")]
    [InlineData(SrtpKeyDerivation.RtpAuthentication,
        "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE" +
        "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25" +
        "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2")]   // the 94-byte auth key of B.3
    public void Rfc3711_b3_key_derivation(byte label, string expected)
    {
        var output = new byte[expected.Length / 2];
        SrtpKeyDerivation.Derive(CmMasterKey, CmMasterSalt, label, output);
        Assert.Equal(Hex(expected), output);
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, "800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb")]
    [InlineData(SrtpProfile.AeadAes128Gcm, "800f1234decafbadcafebabe c5002ede04cfdd2eb91159e0880aa06e d2976826f796b201df3131a127e8a392")]
    public void Libsrtp_reference_rtp_packet(SrtpProfile profile, string expected)
    {
        var plain = Hex("800f1234decafbadcafebabe abababababababababababababababab");
        using var sender = Context(profile);
        var buffer = WithRoom(plain);
        Assert.True(sender.ProtectRtp(buffer, plain.Length, out int length, out _));
        Assert.Equal(Hex(expected), buffer[..length]);

        using var receiver = Context(profile);
        Assert.True(receiver.UnprotectRtp(buffer.AsSpan(0, length), out int plainLength, out var error), error.ToString());
        Assert.Equal(plain, buffer[..plainLength]);
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, "81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798")]
    [InlineData(SrtpProfile.AeadAes128Gcm, "81c8000bcafebabe c98b8b5df0392a55852b6c21ac8e7025 c52c6fbea2b3b446ea31123ba88ce61e 80000001")]
    public void Libsrtp_reference_rtcp_packet(SrtpProfile profile, string expected)
    {
        var plain = Hex("81c8000bcafebabe abababababababababababababababab");
        using var sender = Context(profile);
        var buffer = WithRoom(plain);
        Assert.True(sender.ProtectRtcp(buffer, plain.Length, out int length, out _));
        Assert.Equal(Hex(expected), buffer[..length]);

        using var receiver = Context(profile);
        Assert.True(receiver.UnprotectRtcp(buffer.AsSpan(0, length), out int plainLength, out var error), error.ToString());
        Assert.Equal(plain, buffer[..plainLength]);
    }

    [Theory]
    [InlineData(true, "800f1234decafbadcafebabe abababababababababababababababab",
        "800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb")]
    [InlineData(false, "800f1234decafbadcafebabe abababababababababababababababab",
        "800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb")]
    [InlineData(true, "800f1234decafbadcafebabe", "800f1234decafbadcafebabe773c2e1cd91d590d16e5")]
    [InlineData(false, "800f1234decafbadcafebabe", "800f1234decafbadcafebabe773c2e1cd91d590d16e5")]
    public void Libsrtp_reference_aes_cm_packets_on_both_paths(bool intrinsics, string plainHex, string expected)
    {
        var plain = Hex(plainHex);
        var buffer = WithRoom(plain);
        using (var sender = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, new AesCmHmacTransform(CmMasterKey, CmMasterSalt, 10, intrinsics)))
        {
            Assert.True(sender.ProtectRtp(buffer, plain.Length, out int length, out _));
            Assert.Equal(Hex(expected), buffer[..length]);
        }
        var packet = Hex(expected);
        using var receiver = new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, new AesCmHmacTransform(CmMasterKey, CmMasterSalt, 10, intrinsics));
        Assert.True(receiver.UnprotectRtp(packet, out int plainLength, out var error), error.ToString());
        Assert.Equal(plain, packet[..plainLength]);
    }

    [Fact]
    public void Libsrtp_reference_packet_with_empty_payload()
    {
        var buffer = WithRoom(Hex("800f1234decafbadcafebabe"));
        using var sender = Context(SrtpProfile.AesCm128HmacSha1_80);
        Assert.True(sender.ProtectRtp(buffer, 12, out int length, out _));
        Assert.Equal(Hex("800f1234decafbadcafebabe773c2e1cd91d590d16e5"), buffer[..length]);
    }

    private const string GcmSessionKey = "000102030405060708090a0b0c0d0e0f";
    private const string GcmSessionSalt = "517569642070726f2071756f"; // "Quid pro quo"
    private const string Rfc7714Rtp = "8040f17b8041f8d35501a0b2 47616c6c696120657374206f6d6e697320646976697361 20696e207061727465732074726573";
    private const string Rfc7714Rtcp = "81c8000d4d617273 4e5450314e545032525450200000042a0000e9304c756e61 deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

    /// <param name="intrinsics">True: the AES-NI/PCLMULQDQ Gcm128 (where the CPU has them); false: the platform AesGcm.</param>
    private static SrtpContext Rfc7714Context(bool intrinsics) =>
        new(SrtpProfile.AeadAes128Gcm, AesGcmTransform.FromSessionKey(Hex(GcmSessionKey), Hex(GcmSessionSalt), intrinsics));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfc7714_16_1_1_rtp_encryption_and_decryption(bool intrinsics)
    {
        var expected = Hex("8040f17b8041f8d35501a0b2 f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a" +
                           "51c7d19b36de3adf8833 899d7f27beb16a9152cf765ee4390cce");
        var plain = Hex(Rfc7714Rtp);
        var buffer = WithRoom(plain);
        using (var sender = Rfc7714Context(intrinsics))
        {
            Assert.True(sender.ProtectRtp(buffer, plain.Length, out int length, out _));
            Assert.Equal(expected, buffer[..length]);
        }
        using var receiver = Rfc7714Context(intrinsics);
        Assert.True(receiver.UnprotectRtp(expected.AsSpan(), out int plainLength, out _));
        Assert.Equal(plain, expected[..plainLength]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfc7714_17_1_1_srtcp_encryption_and_decryption(bool intrinsics)
    {
        var expected = Hex("81c8000d4d617273 63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda" +
                           "4ce09b4686303ded0bb9275b c84aa45896cf4d2fc5abf87245d9eade 800005d4");
        var plain = Hex(Rfc7714Rtcp);
        var buffer = WithRoom(plain);
        using (var sender = Rfc7714Context(intrinsics))
        {
            Assert.True(sender.ProtectRtcp(buffer, plain.Length, 0x5d4, out int length, out _));
            Assert.Equal(expected, buffer[..length]);
        }
        using var receiver = Rfc7714Context(intrinsics);
        Assert.True(receiver.UnprotectRtcp(expected.AsSpan(), out int plainLength, out _));
        Assert.Equal(plain, expected[..plainLength]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfc7714_17_3_srtcp_authenticated_but_not_encrypted(bool intrinsics)
    {
        var packet = Hex(Rfc7714Rtcp + "841dd9683dd78ec92ae58790125f62b3 000005d4");
        using var receiver = Rfc7714Context(intrinsics);
        Assert.True(receiver.UnprotectRtcp(packet, out int plainLength, out var error), error.ToString());
        Assert.Equal(Hex(Rfc7714Rtcp), packet[..plainLength]);
    }
}
