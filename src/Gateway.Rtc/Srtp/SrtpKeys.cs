namespace Gateway.Rtc.Srtp;

/// <summary>
/// Master keys and salts of both directions, as DTLS-SRTP exports them (RFC 5764 §4.2): client key, server key,
/// client salt, server salt. "Local" protects what we send; "remote" unprotects what the peer sends.
/// </summary>
public sealed class SrtpKeys
{
    private SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt)
    {
        Profile = profile;
        LocalMasterKey = localKey;
        LocalMasterSalt = localSalt;
        RemoteMasterKey = remoteKey;
        RemoteMasterSalt = remoteSalt;
    }

    public SrtpProfile Profile { get; }
    public ReadOnlyMemory<byte> LocalMasterKey { get; }
    public ReadOnlyMemory<byte> LocalMasterSalt { get; }
    public ReadOnlyMemory<byte> RemoteMasterKey { get; }
    public ReadOnlyMemory<byte> RemoteMasterSalt { get; }

    /// <summary>Bytes to export from DTLS with label "EXTRACTOR-dtls_srtp": 2 × (key + salt).</summary>
    public static int KeyingMaterialLength(SrtpProfile profile) =>
        2 * (SrtpProfiles.MasterKeyLength(profile) + SrtpProfiles.MasterSaltLength(profile));

    /// <summary>Splits exported keying material; the server's local key is the server key, the client's the client key.</summary>
    /// <exception cref="ArgumentException">The material has the wrong length for the profile (a caller bug).</exception>
    public static SrtpKeys FromDtlsKeyingMaterial(ReadOnlySpan<byte> material, SrtpProfile profile, bool isServer)
    {
        if (!SrtpProfiles.IsSupported(profile)) throw new ArgumentOutOfRangeException(nameof(profile), profile, "unsupported SRTP profile");
        if (material.Length != KeyingMaterialLength(profile))
            throw new ArgumentException($"{profile} needs {KeyingMaterialLength(profile)} bytes of keying material", nameof(material));
        int keyLength = SrtpProfiles.MasterKeyLength(profile), saltLength = SrtpProfiles.MasterSaltLength(profile);
        var clientKey = material[..keyLength].ToArray();
        var serverKey = material.Slice(keyLength, keyLength).ToArray();
        var clientSalt = material.Slice(2 * keyLength, saltLength).ToArray();
        var serverSalt = material.Slice(2 * keyLength + saltLength, saltLength).ToArray();
        return isServer
            ? new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt)
            : new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }

    /// <summary>A context that protects what we send.</summary>
    public SrtpContext CreateLocalContext(SrtpContextOptions? options = null) =>
        new(Profile, LocalMasterKey.Span, LocalMasterSalt.Span, options);

    /// <summary>A context that unprotects what the peer sends.</summary>
    public SrtpContext CreateRemoteContext(SrtpContextOptions? options = null) =>
        new(Profile, RemoteMasterKey.Span, RemoteMasterSalt.Span, options);
}
