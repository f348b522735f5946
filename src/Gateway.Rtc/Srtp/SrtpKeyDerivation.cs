using System.Security.Cryptography;

namespace Gateway.Rtc.Srtp;

/// <summary>
/// The AES-CM PRF of RFC 3711 §4.3 with key_derivation_rate 0 (what DTLS-SRTP uses): x = (label || 0^48) XOR salt,
/// session key = AES-CM keystream of the master key starting at IV = x · 2^16. RFC 7714 §11 keeps the same PRF for
/// GCM with its 96-bit salt padded with zeros on the right to 112 bits.
/// </summary>
internal static class SrtpKeyDerivation
{
    public const byte RtpEncryption = 0, RtpAuthentication = 1, RtpSalt = 2;
    public const byte RtcpEncryption = 3, RtcpAuthentication = 4, RtcpSalt = 5;

    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        Span<byte> iv = stackalloc byte[AesCmCipher.BlockSize];
        iv.Clear();
        masterSalt[..Math.Min(masterSalt.Length, 14)].CopyTo(iv);
        iv[7] ^= label; // key_id = label || r is 56 bits, right-aligned in the 112-bit salt: label lands in byte 7

        int blocks = (output.Length + AesCmCipher.BlockSize - 1) / AesCmCipher.BlockSize;
        Span<byte> counters = stackalloc byte[blocks * AesCmCipher.BlockSize];
        for (int i = 0; i < blocks; i++)
        {
            var block = counters.Slice(i * AesCmCipher.BlockSize, AesCmCipher.BlockSize);
            iv.CopyTo(block);
            block[15] = (byte)i; // a session key needs at most 2 blocks; the counter never leaves the last byte
        }
        using var aes = Aes.Create();
        aes.Key = masterKey.ToArray();
        aes.EncryptEcb(counters, counters, PaddingMode.None);
        counters[..output.Length].CopyTo(output);
        CryptographicOperations.ZeroMemory(counters);
    }
}
