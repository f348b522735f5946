namespace Gateway.Api.Endpoints;

/// <summary>Stable problem type URIs of the capture endpoints.</summary>
public static class CaptureProblems
{
    private const string Base = Problems.ProblemTypes.Prefix;   // one scheme for every problem type
    public const string InvalidCapture = Base + "invalid-capture";
    public const string Unsupported = Base + "unsupported-capture";
    public const string AtCapacity = Base + "at-capacity";
    public const string InsufficientStorage = Base + "insufficient-storage";
    public const string NotFound = Base + "capture-not-found";
}
