namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>
/// What the page saw of its WHIP POST (RFC 9725 section 4.2). <see cref="Status"/> is 0 when fetch itself failed
/// (connection refused, CORS preflight rejected, timeout): then <see cref="Error"/> says which, as far as fetch tells.
/// Response headers are null when absent or not exposed to a cross-origin page (Access-Control-Expose-Headers).
/// </summary>
public sealed record WhipPublishResult(
    int Status,
    string? Location,
    string? ETag,
    string? Link,
    string? ContentType,
    string? Body,
    string? Error,
    bool GatheringComplete,
    string OfferSdp,
    string? AnswerSdp)
{
    public bool IsCreated => Status == 201 && Error is null;
}
