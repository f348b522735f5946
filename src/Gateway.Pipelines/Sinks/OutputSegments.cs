namespace Gateway.Pipelines.Sinks;

/// <summary>
/// The files one output has written so far, one per ffmpeg run (see <see cref="SegmentNaming"/>). Used under the
/// sink's status lock. An RTMP output has no files: its runs are connections, counted as restarts only.
/// </summary>
internal sealed class OutputSegments(RecordingOutput output)
{
    private readonly List<RecordingSegment> _done = [];
    private (int Number, string Path, DateTimeOffset StartedAt)? _current;

    public int Restarts { get; private set; }

    public bool HasFiles => output.Kind != RecordingOutputKind.Rtmp;

    /// <summary>Where the next run writes: the next part file, or the output's URL.</summary>
    public string Begin(DateTimeOffset now, bool restart)
    {
        if (restart) Restarts++;
        if (!HasFiles) return output.Path;
        int number = _done.Count + 1;                   // a run that left no file gives its number to the next
        // HLS continues its one playlist (ffmpeg's append_list: numbering goes on, #EXT-X-DISCONTINUITY marks the gap)
        // instead of starting index.part2.m3u8, which the live URL would never serve.
        var path = output.Kind == RecordingOutputKind.Hls ? output.Path : SegmentNaming.PathFor(output.Path, number);
        _current = (number, path, now);
        return path;
    }

    /// <returns>The finished file, or null when the run left none (ffmpeg died before writing, or an RTMP output).</returns>
    public RecordingSegment? End(DateTimeOffset now, TimeSpan start, TimeSpan duration, bool completed)
    {
        if (_current is not { } current) return null;
        _current = null;
        var file = new FileInfo(current.Path);
        if (!file.Exists || file.Length == 0) return null;
        var segment = new RecordingSegment(current.Number, current.Path, file.Length, start, duration, current.StartedAt, now, completed);
        _done.Add(segment);
        return segment;
    }

    /// <param name="liveStart">Start and duration of the file being written now, if any.</param>
    public IReadOnlyList<RecordingSegment> Snapshot(TimeSpan liveStart, TimeSpan liveDuration)
    {
        if (_current is not { } current) return [.. _done];
        var file = new FileInfo(current.Path);
        return [.. _done, new RecordingSegment(current.Number, current.Path, file.Exists ? file.Length : 0, liveStart, liveDuration,
            current.StartedAt, null, false)];
    }
}
