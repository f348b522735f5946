namespace Gateway.Rtc.Dtls;

/// <summary>Settings of one DTLS-SRTP session. Defaults suit a browser peer.</summary>
public sealed record DtlsSessionOptions
{
    /// <summary>
    /// Whole-handshake budget: several retransmissions (RFC 6347 §4.2.4.1: 1 s, doubling), then a dead peer fails.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First retransmission timer of a flight (RFC 6347 §4.2.4.1 recommends 1 s); it doubles on each loss.</summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// SRTP profiles in preference order. A server picks the first one the client also offers; a client offers them
    /// in this order. GCM first: it authenticates and encrypts in one pass and AesGcm is fast in .NET.
    /// </summary>
    public IReadOnlyList<SrtpProtectionProfile> SrtpProfiles { get; init; } =
        [SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AesCm128HmacSha1_80];

    /// <summary>Clock for the handshake timeout.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero, nameof(HandshakeTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialRetransmitTimeout, TimeSpan.FromMilliseconds(1), nameof(InitialRetransmitTimeout));
        ArgumentNullException.ThrowIfNull(SrtpProfiles);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (SrtpProfiles.Count == 0) throw new ArgumentException("At least one SRTP profile is needed.", nameof(SrtpProfiles));
        foreach (var profile in SrtpProfiles)
        {
            if (!Enum.IsDefined(profile)) throw new ArgumentException($"Unknown SRTP profile {profile}.", nameof(SrtpProfiles));
        }
    }
}
