using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Gateway.Rtc.Stun;

namespace Gateway.Rtc.Ice;

/// <summary>
/// Answers ICE connectivity checks for every session on one shared UDP port (RFC 8445 §2.5 ICE-lite): a binding
/// request is routed by the local ufrag in USERNAME ("local:remote", §7.2.2), must carry a valid MESSAGE-INTEGRITY
/// keyed with that session's ice-pwd and a valid FINGERPRINT, and is answered with XOR-MAPPED-ADDRESS. After a
/// valid check the session's remote address is known, so the owner routes DTLS and SRTP by address.
/// Never throws on bad input.
/// </summary>
public sealed class IceLiteResponder(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, IceLiteSession> _byUfrag = new(StringComparer.Ordinal);

    public void Add(IceLiteSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!_byUfrag.TryAdd(session.LocalUfrag, session)) throw new InvalidOperationException($"ufrag {session.LocalUfrag} is in use");
    }

    public bool Remove(IceLiteSession session) => session is not null && _byUfrag.TryRemove(new(session.LocalUfrag, session));

    public int Count => _byUfrag.Count;

    /// <summary>
    /// Handles one STUN datagram from <paramref name="remote"/>. On <see cref="IceCheckResult.Answered"/> the success
    /// response is in <paramref name="response"/>[..<paramref name="written"/>] and <paramref name="session"/> is the
    /// peer's session.
    /// </summary>
    public IceCheckResult Handle(ReadOnlySpan<byte> datagram, IPEndPoint remote, Span<byte> response, out int written, out IceLiteSession? session)
    {
        written = 0;
        session = null;
        if (!StunMessage.TryParse(datagram, out var request, out _)) return IceCheckResult.Malformed;
        if (request.Type != StunMessageType.BindingRequest) return IceCheckResult.NotABindingRequest;
        if (!request.TryGetUsername(out var username)) return IceCheckResult.MissingUsername;
        var colon = username.IndexOf((byte)':');
        if (colon <= 0) return IceCheckResult.UnknownUsername;
        // RFC 8445 §7.2.2: USERNAME is "<our ufrag>:<their ufrag>". One string per check: checks are rare (consent
        // every few seconds), media packets never come here.
        if (!_byUfrag.TryGetValue(Encoding.UTF8.GetString(username[..colon]), out var found)) return IceCheckResult.UnknownUsername;
        if (request.FingerprintOffset < 0 || !request.VerifyFingerprint()) return IceCheckResult.BadFingerprint;
        if (request.MessageIntegrityOffset < 0 || !request.VerifyMessageIntegrity(found.Key)) return IceCheckResult.BadIntegrity;
        if (request.TryGetIceControlled(out _)) return IceCheckResult.RoleConflict;

        var writer = new StunMessageWriter(response, StunMessageType.BindingSuccess, request.TransactionId);
        if (!writer.AddXorMappedAddress(remote) || !writer.AddMessageIntegrity(found.Key) || !writer.AddFingerprint())
            return IceCheckResult.ResponseTooLarge;
        written = writer.Length;
        found.OnValidCheck(remote, request.HasUseCandidate, time.GetTimestamp());
        session = found;
        return IceCheckResult.Answered;
    }
}
