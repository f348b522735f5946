namespace Gateway.Worker.Viewers;

/// <summary>The outcome of a WHEP viewer's offer.</summary>
public abstract record WhepViewOutcome
{
    private WhepViewOutcome()
    {
    }

    public sealed record Answered(string SessionId, string AnswerSdp) : WhepViewOutcome;

    public sealed record Rejected(WhepViewRejection Reason, string Detail) : WhepViewOutcome;
}

public enum WhepViewRejection
{
    /// <summary>The body is not an SDP offer we can read (400).</summary>
    MalformedOffer,

    /// <summary>The viewer asks for none of the codecs the capture carries (406).</summary>
    NoCommonCodec,

    /// <summary>The capture has no tracks yet (a WHIP capture before its publisher), or serves its maximum of viewers (409).</summary>
    NotAvailable,

    /// <summary>The capture has ended (404).</summary>
    Ended,
}
