namespace Gateway.Rtc.Srtp;

/// <summary>SRTP protection profiles, numbered as in the DTLS use_srtp extension (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
public enum SrtpProfile : ushort
{
    AesCm128HmacSha1_80 = 0x0001,
    AesCm128HmacSha1_32 = 0x0002,
    AeadAes128Gcm = 0x0007,
}

/// <summary>Key, salt and tag sizes per profile.</summary>
public static class SrtpProfiles
{
    public static bool IsSupported(SrtpProfile profile) =>
        profile is SrtpProfile.AesCm128HmacSha1_80 or SrtpProfile.AesCm128HmacSha1_32 or SrtpProfile.AeadAes128Gcm;

    public static bool IsAead(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm;

    public static int MasterKeyLength(SrtpProfile profile) => 16;

    /// <summary>112-bit salt for AES-CM (RFC 3711 §8.2), 96-bit for GCM (RFC 7714 §12).</summary>
    public static int MasterSaltLength(SrtpProfile profile) => IsAead(profile) ? 12 : 14;

    /// <summary>Bytes appended to each SRTP packet: the authentication tag (no MKI).</summary>
    public static int RtpTagLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_32 => 4,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => 10,
    };

    /// <summary>SRTCP always uses the 80-bit tag with HMAC-SHA1, even for the _32 profile (RFC 5764 §4.1.2).</summary>
    public static int RtcpTagLength(SrtpProfile profile) => IsAead(profile) ? 16 : 10;

    /// <summary>Bytes appended to each SRTCP packet: E flag with SRTCP index (4) and the tag.</summary>
    public static int RtcpTrailerLength(SrtpProfile profile) => 4 + RtcpTagLength(profile);
}
