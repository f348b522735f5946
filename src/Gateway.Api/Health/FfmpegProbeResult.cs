namespace Gateway.Api.Health;

/// <summary>Whether FFmpeg answered <c>-version</c>; <see cref="Reason"/> is its version line or why not.</summary>
internal readonly record struct FfmpegProbeResult(bool Found, string Reason)
{
    public static FfmpegProbeResult Failed(string reason) => new(false, reason);
}
