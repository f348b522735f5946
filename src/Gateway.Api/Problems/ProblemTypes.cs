namespace Gateway.Api.Problems;

/// <summary>
/// Stable problem <c>type</c> URIs (RFC 9457 §3.1.1). They are URNs on purpose: identifiers clients compare as
/// strings, never addresses to dereference, and not tied to a domain the project would have to keep.
/// </summary>
public static class ProblemTypes
{
    public const string Prefix = "urn:gateway:problem:";

    public const string BadRequest = Prefix + "bad-request";
    public const string Validation = Prefix + "validation";
    public const string Unauthorized = Prefix + "unauthorized";
    public const string Forbidden = Prefix + "forbidden";
    public const string NotFound = Prefix + "not-found";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";
    public const string NotAcceptable = Prefix + "not-acceptable";
    public const string Conflict = Prefix + "conflict";
    public const string PayloadTooLarge = Prefix + "payload-too-large";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string AtCapacity = Prefix + "at-capacity";
    public const string NotReady = Prefix + "not-ready";
    public const string Internal = Prefix + "internal";
    /// <summary>Any other status: <c>urn:gateway:problem:http-&lt;status&gt;</c>.</summary>
    public const string HttpStatusPrefix = Prefix + "http-";

    /// <summary>The type, title and a detail for a status when the code that failed gave none.</summary>
    public static ProblemDescription Describe(int status) => status switch
    {
        400 => new(BadRequest, "The request is malformed", "The request could not be read; check its syntax and JSON."),
        401 => new(Unauthorized, "Authentication required", "Send 'Authorization: Bearer <key>' with a configured API key."),
        403 => new(Forbidden, "Forbidden", "This client may not use this resource."),
        404 => new(NotFound, "Not found", "Nothing exists at this path."),
        405 => new(MethodNotAllowed, "Method not allowed", "This path does not accept this HTTP method."),
        406 => new(NotAcceptable, "Not acceptable", "The gateway cannot answer in an acceptable form."),
        409 => new(Conflict, "Conflict", "The request conflicts with the resource's current state."),
        413 => new(PayloadTooLarge, "Request body too large", "The request body exceeds the size the gateway accepts."),
        415 => new(UnsupportedMediaType, "Unsupported media type", "Send the body with a supported Content-Type, such as application/json."),
        503 => new(NotReady, "Service unavailable", "The gateway cannot serve this request right now; retry later."),
        >= 500 => new(Internal, "Internal error", "The gateway failed to process the request; the traceId identifies it in the logs."),
        _ => new(HttpStatusPrefix + status, "Request failed", $"The request failed with HTTP status {status}."),
    };
}
