namespace Gateway.Worker.Sources.Whep;

/// <summary>Why a WHEP source could not record; the message is the capture's <c>error</c>, so it names the cause plainly.</summary>
public sealed class WhepSourceException(WhepFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public WhepFailure Failure { get; } = failure;
}

public enum WhepFailure
{
    /// <summary>No HTTP connection to the WHEP URL (refused, DNS, timeout).</summary>
    Unreachable,

    /// <summary>The endpoint answered, but not 201 with an SDP answer.</summary>
    HttpError,

    /// <summary>The answer cannot be used (no common codec, malformed).</summary>
    BadAnswer,

    /// <summary>Gathering, connectivity checks or consent failed.</summary>
    IceFailed,

    /// <summary>The DTLS handshake failed.</summary>
    DtlsFailed,
}
