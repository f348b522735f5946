using System.Net;
using Gateway.Rtc.Stun;

namespace Gateway.Rtc.Ice;

/// <summary>
/// One peer's ICE-lite state (RFC 8445 §2.5): our credentials, the peer's ufrag, the address its checks come from
/// (the selected pair once nominated) and when it last proved consent (RFC 7675). Updated by the responder's
/// single receive loop; read from anywhere.
/// </summary>
public sealed class IceLiteSession(string localUfrag, string localPassword, string remoteUfrag)
{
    private long _lastConsent = long.MinValue;
    private IPEndPoint? _selected;

    public string LocalUfrag { get; } = localUfrag;

    public string RemoteUfrag { get; } = remoteUfrag;

    /// <summary>Short-term MESSAGE-INTEGRITY key: the local ice-pwd as UTF-8 (RFC 8489 §9.1.1).</summary>
    internal byte[] Key { get; } = StunCredentials.ShortTermKey(localPassword);

    /// <summary>The remote address media goes to and is accepted from; null until the peer's first valid check.</summary>
    public IPEndPoint? SelectedRemote => Volatile.Read(ref _selected);

    /// <summary>True once the peer nominated a pair (USE-CANDIDATE).</summary>
    public bool Nominated { get; private set; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last valid check, or <see cref="long.MinValue"/>.</summary>
    public long LastConsent => Interlocked.Read(ref _lastConsent);

    /// <summary>RFC 7675 §5.1: consent is lost when no valid check arrived for <paramref name="timeout"/> (30 s there).</summary>
    public bool ConsentExpired(TimeProvider time, TimeSpan timeout)
    {
        var last = LastConsent;
        return last != long.MinValue && time.GetElapsedTime(last) >= timeout;
    }

    internal void OnValidCheck(IPEndPoint remote, bool useCandidate, long now)
    {
        Interlocked.Exchange(ref _lastConsent, now);
        // ICE-lite: the controlling peer decides; a nominated pair sticks, before that follow the latest check.
        if (useCandidate || !Nominated) Volatile.Write(ref _selected, remote);
        if (useCandidate) Nominated = true;
    }
}
