namespace Gateway.Rtc.Dtls;

/// <summary>DTLS-SRTP protection profiles, valued as their IANA code points in the use_srtp extension (RFC 5764 §4.1.2).</summary>
public enum SrtpProtectionProfile : ushort
{
    /// <summary>RFC 5764 §4.1.2: AES-128 counter mode, 80-bit HMAC-SHA1 tag; 16-byte key, 14-byte salt.</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>RFC 7714 §14.2: AEAD_AES_128_GCM; 16-byte key, 12-byte salt.</summary>
    AeadAes128Gcm = 0x0007,
}
