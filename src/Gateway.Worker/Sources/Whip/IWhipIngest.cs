namespace Gateway.Worker.Sources.Whip;

/// <summary>What the WHIP endpoint (RFC 9725) needs from a capture whose source is "whip".</summary>
public interface IWhipIngest
{
    /// <summary>Constant-time check of the capture's bearer token.</summary>
    bool IsAuthorized(string? bearerToken);

    /// <summary>Answers a publisher's offer, or says why not. Never throws for bad input.</summary>
    Task<WhipOfferResult> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken);

    /// <summary>DELETE of the session resource: the source ends and the recording completes. False for an unknown session.</summary>
    bool TryEndSession(string sessionId);
}

/// <summary>The outcome of a WHIP offer.</summary>
public abstract record WhipOfferResult
{
    private WhipOfferResult()
    {
    }

    public sealed record Answered(string SessionId, string AnswerSdp) : WhipOfferResult;

    public sealed record Rejected(WhipRejection Reason, string Detail) : WhipOfferResult;
}

public enum WhipRejection
{
    /// <summary>The body is not an SDP offer we can read (400).</summary>
    MalformedOffer,

    /// <summary>No audio or video section offers a codec the gateway records (406).</summary>
    NoSupportedCodec,

    /// <summary>A publisher is already connected to this capture (409).</summary>
    Busy,

    /// <summary>The capture no longer takes a publisher (404).</summary>
    Ended,
}
