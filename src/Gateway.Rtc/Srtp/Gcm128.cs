namespace Gateway.Rtc.Srtp;

/// <summary>
/// AES-128-GCM with a 12-byte nonce and a 16-byte tag (NIST SP 800-38D), the only form RFC 7714 uses. Plaintext and
/// ciphertext are the same span (in place) or do not overlap. One instance per session key; not thread-safe.
/// </summary>
internal abstract class Gcm128 : IDisposable
{
    public const int KeyLength = 16, NonceLength = 12, TagLength = 16;

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> and writes the tag.</summary>
    public abstract void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> associatedData);

    /// <summary>False when the tag does not match; <paramref name="plaintext"/> is then cleared.</summary>
    public abstract bool Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData);

    public abstract void Dispose();

    /// <summary>
    /// The intrinsics implementation where the CPU has AES-NI and PCLMULQDQ: the platform AesGcm (OpenSSL EVP per call)
    /// measured ~1.1 µs per 1200-byte packet, over the gateway's budget of 1 µs (1 M packets/s per core); see docs/srtp.md.
    /// </summary>
    public static Gcm128 Create(ReadOnlySpan<byte> key, bool allowIntrinsics = true) =>
        allowIntrinsics && IntrinsicsGcm128.IsSupported ? new IntrinsicsGcm128(key) : new PlatformGcm128(key);

    protected static void CheckArguments(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> input, ReadOnlySpan<byte> output, ReadOnlySpan<byte> tag)
    {
        if (nonce.Length != NonceLength) throw new ArgumentException("GCM here takes a 12-byte nonce", nameof(nonce));
        if (tag.Length != TagLength) throw new ArgumentException("GCM here takes a 16-byte tag", nameof(tag));
        if (input.Length != output.Length) throw new ArgumentException("input and output lengths differ", nameof(output));
        if (input.Overlaps(output, out int offset) && offset != 0)
            throw new ArgumentException("input and output overlap without being the same span", nameof(output));
    }
}
