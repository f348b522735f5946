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
    public const string NoHlsOutput = Base + "no-hls-output";
    public const string NoHlsFile = Base + "no-hls-file";
    public const string NoVideoFrame = Base + "no-video-frame";
    public const string ThumbnailFailed = Base + "thumbnail-failed";
    public const string PlayerUnavailable = Base + "player-unavailable";
}
