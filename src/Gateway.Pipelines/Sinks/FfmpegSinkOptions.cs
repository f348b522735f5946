namespace Gateway.Pipelines.Sinks;

public sealed record FfmpegSinkOptions
{
    /// <summary>Names this sink in logs (the capture id).</summary>
    public string Name { get; init; } = "capture";

    public IReadOnlyList<RecordingOutput> Outputs { get; init; } = [];

    /// <summary>Frames queued between <see cref="FfmpegSink.TryWrite"/> and the muxer: ~8 s of 30 fps video plus 50 fps audio.</summary>
    public int QueueCapacityFrames { get; init; } = 640;

    /// <summary>Bytes queued at most: a stalled ffmpeg costs bounded memory (32 MiB ≈ 100 s of 2.5 Mbit/s).</summary>
    public long QueueCapacityBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>
    /// How long to hold frames waiting for every track's first frame (video: first key frame) before the
    /// header is written with the tracks that have started. A track that starts later is not recorded.
    /// </summary>
    public TimeSpan TrackStartTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Frames held while waiting for the tracks; reaching it starts the file like the timeout does.</summary>
    public int TrackStartMaxFrames { get; init; } = 500;

    /// <summary>Folder with the ffmpeg binary; empty uses PATH.</summary>
    public string FfmpegBinaryFolder { get; init; } = "";

    /// <summary>Drop warnings are logged at most this often, with the running total.</summary>
    public TimeSpan DropLogInterval { get; init; } = TimeSpan.FromSeconds(5);

    public int StandardErrorTailLines { get; init; } = 20;

    /// <summary>
    /// Drop each output file's pages from the page cache once they are on disk (<see cref="WrittenPageTrimmer"/>),
    /// about a second behind ffmpeg. HLS segments are left alone: they are small and read back by viewers.
    /// </summary>
    public bool DropWrittenPages { get; init; } = true;

    /// <summary>
    /// Write a lone mp4 output of H.264 and/or Opus (audioCodec opus) in-process instead of through ffmpeg
    /// (<see cref="NativeMp4Plan"/>): the same fragmented MP4 without a process, a pipe and a second mux per capture.
    /// </summary>
    public bool NativeMp4 { get; init; } = true;

    /// <summary>When ffmpeg dies mid-capture: how soon and how often it is started again (each time into new files).</summary>
    public FfmpegRestartPolicy Restart { get; init; } = FfmpegRestartPolicy.Files;
}
