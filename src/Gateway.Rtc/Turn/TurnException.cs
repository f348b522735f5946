namespace Gateway.Rtc.Turn;

/// <summary>Why a TURN request failed, in the words a capture resource shows ("TURN auth failed", ...).</summary>
public enum TurnFailure
{
    /// <summary>No answer after every retransmission.</summary>
    Timeout,
    /// <summary>401 even with credentials: wrong username or password.</summary>
    AuthenticationFailed,
    /// <summary>Any other error response (403 Forbidden, 486 Allocation Quota Reached, ...).</summary>
    Refused,
    /// <summary>An answer we cannot use (no relayed address, bad integrity).</summary>
    BadResponse,
}

public sealed class TurnException(TurnFailure failure, string message, int? errorCode = null) : Exception(message)
{
    public TurnFailure Failure { get; } = failure;

    /// <summary>The STUN ERROR-CODE of the server's answer, when there was one.</summary>
    public int? ErrorCode { get; } = errorCode;
}
