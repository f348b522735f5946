using System.Security.Cryptography;

namespace Gateway.Rtc.Srtp;

/// <summary>The platform's AesGcm (OpenSSL on Linux): the fallback where <see cref="IntrinsicsGcm128"/> cannot run.</summary>
internal sealed class PlatformGcm128(ReadOnlySpan<byte> key) : Gcm128
{
    private readonly AesGcm _aesGcm = new(key, TagLength);

    public override void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> associatedData) =>
        _aesGcm.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);

    public override bool Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData)
    {
        try
        {
            _aesGcm.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false; // AesGcm has no non-throwing Decrypt; it clears the plaintext itself
        }
    }

    public override void Dispose() => _aesGcm.Dispose();
}
