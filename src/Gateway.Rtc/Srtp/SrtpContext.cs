namespace Gateway.Rtc.Srtp;

/// <summary>
/// SRTP/SRTCP for one direction of one DTLS-SRTP association (RFC 3711): the session keys derived from one master
/// key, plus per-SSRC rollover counter and replay state. Use one context to unprotect what the peer sends and another
/// to protect what we send (<see cref="SrtpKeys"/>). Packets are processed in place and nothing is allocated per
/// packet. Not thread-safe: one track stage owns it, as the pipeline's one-reader-per-stage rule already ensures.
/// </summary>
public sealed partial class SrtpContext : IDisposable
{
    private readonly SrtpTransform _transform;
    private readonly Dictionary<uint, SrtpStream> _streams = [];
    private readonly int _maxStreams;
    private bool _disposed;

    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt,
        SrtpContextOptions? options = null)
    {
        if (!SrtpProfiles.IsSupported(profile)) throw new ArgumentOutOfRangeException(nameof(profile), profile, "unsupported SRTP profile");
        if (masterKey.Length != SrtpProfiles.MasterKeyLength(profile))
            throw new ArgumentException($"{profile} needs a {SrtpProfiles.MasterKeyLength(profile)}-byte master key", nameof(masterKey));
        if (masterSalt.Length != SrtpProfiles.MasterSaltLength(profile))
            throw new ArgumentException($"{profile} needs a {SrtpProfiles.MasterSaltLength(profile)}-byte master salt", nameof(masterSalt));
        Profile = profile;
        _transform = SrtpTransform.Create(profile, masterKey, masterSalt);
        _maxStreams = (options ?? new SrtpContextOptions()).MaxStreams;
    }

    /// <summary>For tests that feed RFC vectors given as session keys.</summary>
    internal SrtpContext(SrtpProfile profile, SrtpTransform transform, SrtpContextOptions? options = null)
    {
        Profile = profile;
        _transform = transform;
        _maxStreams = (options ?? new SrtpContextOptions()).MaxStreams;
    }

    public SrtpProfile Profile { get; }

    /// <summary>Bytes Protect adds to an RTP packet.</summary>
    public int RtpOverhead => _transform.RtpTagLength;

    /// <summary>Bytes Protect adds to an RTCP packet.</summary>
    public int RtcpOverhead => _transform.RtcpTrailerLength;

    /// <summary>SSRCs with state in this context.</summary>
    public int StreamCount => _streams.Count;

    /// <summary>The rollover counter of <paramref name="ssrc"/> (RFC 3711 §3.3.1), for diagnostics and tests.</summary>
    public bool TryGetRolloverCounter(uint ssrc, out uint rolloverCounter)
    {
        rolloverCounter = 0;
        if (!_streams.TryGetValue(ssrc, out var stream) || stream.Rtp.Highest < 0) return false;
        rolloverCounter = (uint)(stream.Rtp.Highest >> 16);
        return true;
    }

    private bool TryGetStream(uint ssrc, out SrtpStream? stream, out SrtpError error)
    {
        error = SrtpError.None;
        if (_streams.TryGetValue(ssrc, out stream)) return true;
        if (_streams.Count >= _maxStreams)
        {
            error = SrtpError.UnknownSsrc;
            return false;
        }
        return true; // new SSRC: state is created only once a packet authenticates
    }

    private SrtpStream AddStream(uint ssrc)
    {
        var stream = new SrtpStream();
        _streams.Add(ssrc, stream);
        return stream;
    }

    private static bool Fail(SrtpError reason, out int length, out SrtpError error)
    {
        length = 0;
        error = reason;
        return false;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _transform.Dispose();
    }
}
