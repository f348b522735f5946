namespace Gateway.Pipelines.Sinks;

/// <summary>
/// One file of an output: a new one starts each time ffmpeg is started again after dying mid-capture.
/// </summary>
/// <param name="Number">1 for the planned file, 2 for <c>.part2</c>, ...</param>
/// <param name="Bytes">Size on disk (final once <paramref name="EndedAt"/> is set).</param>
/// <param name="Start">First frame of this file on the capture timeline (0 = the capture's first frame).</param>
/// <param name="Duration">Last minus first frame written to this file.</param>
/// <param name="Completed">ffmpeg wrote the trailer; false for a file cut short (still playable up to its last fragment).</param>
public sealed record RecordingSegment(
    int Number, string Path, long Bytes, TimeSpan Start, TimeSpan Duration, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, bool Completed)
{
    public TimeSpan End => Start + Duration;
}
