namespace Gateway.Pipelines.Sinks;

public enum RecordingOutputState
{
    /// <summary>Waiting for the first frame of every track before ffmpeg starts.</summary>
    Pending,
    Writing,
    /// <summary>ffmpeg died mid-capture and is about to start again (a new file; for RTMP, a new connection).</summary>
    Restarting,
    /// <summary>ffmpeg exited 0 after writing the trailer.</summary>
    Completed,
    /// <summary>ffmpeg failed or was killed; a partial file may exist (fragmented MP4 stays readable up to the last fragment).</summary>
    Failed,
    /// <summary>The tracks cannot go into this container without a re-encode we refuse to do (H.264 into WebM), or there is nothing for it.</summary>
    Skipped,
}
