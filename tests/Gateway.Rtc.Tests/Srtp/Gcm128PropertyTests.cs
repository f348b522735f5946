using System.Security.Cryptography;
using FsCheck;
using FsCheck.Xunit;
using Gateway.Rtc.Srtp;

namespace Gateway.Rtc.Tests.Srtp;

/// <summary>
/// The intrinsics AES-128-GCM against System.Security.Cryptography.AesGcm on random keys, nonces, AAD and texts of
/// 0–1500 bytes (SRTP's range): same ciphertext and tag, decryption round trips both ways, and any change to the
/// ciphertext, tag or AAD is refused with the output cleared.
/// </summary>
public sealed class Gcm128PropertyTests
{
    private sealed record Case(byte[] Key, byte[] Nonce, byte[] Aad, byte[] Plaintext);

    private static Case Make(int seed, int length, int aadLength)
    {
        var random = new Random(seed);
        var c = new Case(new byte[16], new byte[12], new byte[aadLength], new byte[length]);
        random.NextBytes(c.Key);
        random.NextBytes(c.Nonce);
        random.NextBytes(c.Aad);
        random.NextBytes(c.Plaintext);
        return c;
    }

    private static (byte[] Ciphertext, byte[] Tag) Reference(Case c)
    {
        using var aes = new AesGcm(c.Key, 16);
        var ciphertext = new byte[c.Plaintext.Length];
        var tag = new byte[16];
        aes.Encrypt(c.Nonce, c.Plaintext, ciphertext, tag, c.Aad);
        return (ciphertext, tag);
    }

    private static void AssertAgreesWithAesGcm(Case c)
    {
        var (expectedCiphertext, expectedTag) = Reference(c);
        using var gcm = new IntrinsicsGcm128(c.Key);

        var ciphertext = new byte[c.Plaintext.Length];
        var tag = new byte[16];
        gcm.Encrypt(c.Nonce, c.Plaintext, ciphertext, tag, c.Aad);
        Assert.Equal(expectedCiphertext, ciphertext);
        Assert.Equal(expectedTag, tag);

        var inPlace = (byte[])c.Plaintext.Clone(); // in place, as SRTP uses it
        gcm.Encrypt(c.Nonce, inPlace, inPlace, tag, c.Aad);
        Assert.Equal(expectedCiphertext, inPlace);
        Assert.True(gcm.Decrypt(c.Nonce, inPlace, expectedTag, inPlace, c.Aad));
        Assert.Equal(c.Plaintext, inPlace);

        var separate = new byte[c.Plaintext.Length];
        Assert.True(gcm.Decrypt(c.Nonce, expectedCiphertext, expectedTag, separate, c.Aad));
        Assert.Equal(c.Plaintext, separate);
    }

    [Property(MaxTest = 500)]
    public void Encrypt_and_decrypt_agree_with_AesGcm(int seed, ushort length, byte aadLength, bool longAad)
    {
        AssertAgreesWithAesGcm(Make(seed, length % 1501, longAad ? aadLength + 128 : aadLength % 64));
    }

    /// <summary>Every text length SRTP can carry and every AAD length up to 300, so each tail shape is met.</summary>
    [Fact]
    public void Every_length_up_to_1500_and_every_aad_length_up_to_300_agrees_with_AesGcm()
    {
        for (int length = 0; length <= 1500; length++) AssertAgreesWithAesGcm(Make(length, length, 12 + length % 29));
        for (int aad = 0; aad <= 300; aad++) AssertAgreesWithAesGcm(Make(10_000 + aad, aad % 37, aad));
    }

    [Property(MaxTest = 500)]
    public void A_changed_bit_anywhere_is_refused_and_the_output_cleared(int seed, ushort length, byte aadLength, int where, byte bit)
    {
        var c = Make(seed, length % 1501, aadLength % 48);
        var (ciphertext, tag) = Reference(c);
        byte[] target = (Math.Abs(where % 3), ciphertext.Length, c.Aad.Length) switch
        {
            (0, > 0, _) => ciphertext,
            (1, _, > 0) => c.Aad,
            _ => tag,
        };
        target[(int)((uint)where % (uint)target.Length)] ^= (byte)(1 << (bit % 8));
        using var gcm = new IntrinsicsGcm128(c.Key);
        var output = new byte[ciphertext.Length];
        Array.Fill(output, (byte)0x5a);
        Assert.False(gcm.Decrypt(c.Nonce, ciphertext, tag, output, c.Aad));
        Assert.All(output, b => Assert.Equal(0, b));
    }

    [Property(MaxTest = 200)]
    public void A_different_key_or_nonce_is_refused(int seed, ushort length, bool changeKey)
    {
        var c = Make(seed, length % 1501, 12);
        var (ciphertext, tag) = Reference(c);
        (changeKey ? c.Key : c.Nonce)[seed & 7] ^= 0x80;
        using var gcm = new IntrinsicsGcm128(c.Key);
        Assert.False(gcm.Decrypt(c.Nonce, ciphertext, tag, new byte[ciphertext.Length], c.Aad));
    }

    [Fact]
    public void Decrypting_a_packet_allocates_nothing()
    {
        var c = Make(1, 1200, 12);
        var (ciphertext, tag) = Reference(c);
        using var gcm = new IntrinsicsGcm128(c.Key);
        var buffer = new byte[ciphertext.Length];
        Assert.True(gcm.Decrypt(c.Nonce, ciphertext, tag, buffer, c.Aad)); // JIT and statics first
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) gcm.Decrypt(c.Nonce, ciphertext, tag, buffer, c.Aad);
        for (int i = 0; i < 100; i++) gcm.Encrypt(c.Nonce, c.Plaintext, buffer, tag, c.Aad);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
