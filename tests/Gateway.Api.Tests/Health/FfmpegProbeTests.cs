using Gateway.Api.Health;
using Gateway.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Api.Tests.Health;

// Alone: executing a script just written fails with ETXTBSY if another test forks while the write handle is open.
[Collection(RunsAloneCollection.Name)]
public sealed class FfmpegProbeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-ffmpeg-probe-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A stand-in FFmpeg that records each start in a file and prints a version line.</summary>
    private string FakeFfmpeg(string versionLine, int exitCode = 0)
    {
        var path = Path.Combine(_directory, "ffmpeg");
        File.WriteAllText(path, $"#!/bin/sh\necho run >> '{_directory}/runs'\necho '{versionLine}'\nexit {exitCode}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private int Runs => File.Exists(Path.Combine(_directory, "runs")) ? File.ReadAllLines(Path.Combine(_directory, "runs")).Length : 0;

    [Fact]
    public async Task The_answer_is_cached_for_30_seconds_then_asked_again()
    {
        var time = new FakeTimeProvider();
        var probe = new FfmpegProbe(time, NullLogger<FfmpegProbe>.Instance);
        var ffmpeg = FakeFfmpeg("ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024");

        var first = await probe.ProbeAsync(ffmpeg, CancellationToken.None);
        Assert.True(first.Found);
        Assert.Equal("ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024", first.Reason);
        Assert.Equal(1, Runs);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.True((await probe.ProbeAsync(ffmpeg, CancellationToken.None)).Found);
        Assert.Equal(1, Runs);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await probe.ProbeAsync(ffmpeg, CancellationToken.None)).Found);
        Assert.Equal(2, Runs);
    }

    [Fact]
    public async Task A_changed_path_is_probed_at_once()
    {
        var probe = new FfmpegProbe(new FakeTimeProvider(), NullLogger<FfmpegProbe>.Instance);
        var ffmpeg = FakeFfmpeg("ffmpeg version 7.1");
        Assert.True((await probe.ProbeAsync(ffmpeg, CancellationToken.None)).Found);
        var missing = await probe.ProbeAsync(Path.Combine(_directory, "gone"), CancellationToken.None);
        Assert.False(missing.Found);
        Assert.StartsWith("cannot start", missing.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ffmpeg version 7.1", 1, "-version exited with 1")]
    [InlineData("avconv version 9", 0, "-version did not print an FFmpeg version")]
    public async Task Anything_but_ffmpeg_answering_is_not_found(string output, int exitCode, string reason)
    {
        var probe = new FfmpegProbe(new FakeTimeProvider(), NullLogger<FfmpegProbe>.Instance);
        var result = await probe.ProbeAsync(FakeFfmpeg(output, exitCode), CancellationToken.None);
        Assert.False(result.Found);
        Assert.Equal(reason, result.Reason);
    }
}
