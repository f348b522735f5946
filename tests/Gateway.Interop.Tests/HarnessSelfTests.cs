using Gateway.Interop.Tests.Support;

namespace Gateway.Interop.Tests;

/// <summary>The measuring tools of the interop tests, checked on files whose answer is known.</summary>
public sealed class HarnessSelfTests
{
    [Fact]
    public async Task Av_offset_of_a_file_encoded_directly_from_the_pattern_is_zero()
    {
        using var dir = new TempDirectory();
        var file = dir.File("direct.mp4");
        var (exit, _, stderr) = await ExternalProcess.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-f", "lavfi", "-i", SyncPattern.Video(4),
            "-f", "lavfi", "-i", SyncPattern.Audio(4), "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-y", file], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, stderr);

        var (offset, pairs) = await MediaProbe.AvOffsetAsync(file);
        Assert.InRange(pairs, 3, 4);                 // beeps at 1, 2, 3 s (the one at 0 has no silence before it)
        Assert.InRange(offset, -5, 5);
        var probe = await MediaProbe.ProbeAsync(file);
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal(120, probe.Video?.Frames);
        Assert.Equal("aac", probe.Audio?.CodecName);
        Assert.Equal("", await MediaProbe.DecodeErrorsAsync(file));
    }

    [Fact]
    public async Task Av_offset_sees_a_shifted_audio_track()
    {
        using var dir = new TempDirectory();
        var file = dir.File("shifted.mp4");
        // Audio delayed by 200 ms relative to video.
        var (exit, _, stderr) = await ExternalProcess.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-f", "lavfi", "-i", SyncPattern.Video(4),
            "-f", "lavfi", "-i", SyncPattern.Audio(4), "-af", "adelay=200|200", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
            "-t", "4", "-y", file], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, stderr);
        var (offset, pairs) = await MediaProbe.AvOffsetAsync(file);
        Assert.True(pairs >= 2, $"pairs {pairs}");
        Assert.InRange(offset, 190, 210);
    }
}
