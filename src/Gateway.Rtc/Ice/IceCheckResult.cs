namespace Gateway.Rtc.Ice;

/// <summary>What the responder did with a STUN datagram; everything but <see cref="Answered"/> is dropped and counted.</summary>
public enum IceCheckResult
{
    /// <summary>A valid binding request: the success response was written.</summary>
    Answered,
    Malformed,
    /// <summary>Not a binding request (responses and indications need no answer from a lite agent).</summary>
    NotABindingRequest,
    MissingUsername,
    UnknownUsername,
    BadIntegrity,
    BadFingerprint,
    /// <summary>The peer also claims the controlled role; a lite agent is always controlled (RFC 8445 §6.1.1).</summary>
    RoleConflict,
    ResponseTooLarge,
}
