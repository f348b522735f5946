namespace Gateway.Rtc.Dtls;

/// <summary>
/// SRTP master keys and salts exported from a DTLS handshake (RFC 5764 §4.2). "Client" is the DTLS client, whichever
/// side that is: the WHIP gateway (a=setup:passive) is the DTLS server, so it decrypts with the client key and salt.
/// </summary>
public sealed record DtlsSrtpKeys(
    SrtpProtectionProfile Profile, byte[] ClientKey, byte[] ServerKey, byte[] ClientSalt, byte[] ServerSalt)
{
    /// <summary>The exporter label of RFC 5764 §4.2.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    public static int KeyLength(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1_80 => 16,
        SrtpProtectionProfile.AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    /// <summary>RFC 3711 §8.2 uses a 112-bit salt; RFC 7714 §12 a 96-bit one.</summary>
    public static int SaltLength(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.AesCm128HmacSha1_80 => 14,
        SrtpProtectionProfile.AeadAes128Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    /// <summary>Bytes to export: 2 * (key + salt), RFC 5764 §4.2.</summary>
    public static int ExportLength(SrtpProtectionProfile profile) => 2 * (KeyLength(profile) + SaltLength(profile));

    /// <summary>
    /// Splits the exported block, laid out as client key, server key, client salt, server salt (RFC 5764 §4.2).
    /// </summary>
    public static DtlsSrtpKeys FromKeyingMaterial(SrtpProtectionProfile profile, ReadOnlySpan<byte> material)
    {
        int key = KeyLength(profile), salt = SaltLength(profile);
        if (material.Length != 2 * (key + salt))
            throw new ArgumentException($"Expected {2 * (key + salt)} bytes of keying material for {profile}, got {material.Length}.", nameof(material));
        return new DtlsSrtpKeys(
            profile,
            material[..key].ToArray(),
            material.Slice(key, key).ToArray(),
            material.Slice(2 * key, salt).ToArray(),
            material.Slice(2 * key + salt, salt).ToArray());
    }
}
