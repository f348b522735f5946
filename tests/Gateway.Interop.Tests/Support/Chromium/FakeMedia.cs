namespace Gateway.Interop.Tests.Support.Chromium;

/// <summary>
/// The flash/beep pattern of <see cref="SyncPattern"/> as files Chromium's fake capture devices loop
/// (<c>--use-file-for-fake-video-capture</c> / <c>--use-file-for-fake-audio-capture</c>), so what a browser publishes
/// can be checked frame by frame and beep by beep. Generated once per test run, in one temp folder removed at exit.
/// </summary>
public static class FakeMedia
{
    /// <summary>Loop length: long enough that a short test never sees the loop point twice.</summary>
    public const int Seconds = 10;

    private static readonly Lazy<Task<FakeMediaFiles>> Files = new(GenerateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<FakeMediaFiles> GetAsync() => Files.Value;

    private static async Task<FakeMediaFiles> GenerateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"gateway-chromium-media-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Chromium still maps the file: the OS temp cleaner gets it
            }
        };

        var video = Path.Combine(folder, "pattern.y4m");
        var audio = Path.Combine(folder, "pattern.wav");
        // Chromium's Y4M reader takes planar 4:2:0 and reads the frame rate from the header; 300 frames of 640x360
        // are about 100 MB, read through a memory map.
        await RunFfmpegAsync(["-f", "lavfi", "-i", SyncPattern.Video(Seconds), "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", "-y", video]);
        // 16-bit PCM WAV: the format Chromium's fake audio file source reads.
        await RunFfmpegAsync(["-f", "lavfi", "-i", SyncPattern.Audio(Seconds), "-c:a", "pcm_s16le", "-f", "wav", "-y", audio]);
        return new FakeMediaFiles(video, audio);
    }

    private static async Task RunFfmpegAsync(IEnumerable<string> arguments)
    {
        var (exit, _, stderr) = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", .. arguments], TimeSpan.FromSeconds(60));
        if (exit != 0) throw new InvalidOperationException($"ffmpeg failed ({exit}) making fake media: {stderr}");
    }
}
