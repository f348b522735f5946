using System.Collections.Concurrent;
using Gateway.Pipelines.Media;
using Gateway.Pipelines.Sinks;
using Microsoft.Extensions.Logging;

namespace Gateway.Pipelines.Tests.Sinks;

internal static class SinkTestKit
{
    public static EncodedFrame Frame(int track, TestFrame frame)
    {
        var buffer = FramePool.Shared.Rent(frame.Data.Length);
        frame.Data.CopyTo(buffer, 0);
        return new EncodedFrame(buffer, frame.Data.Length, track, 0, frame.Pts, frame.IsKeyFrame);
    }

    /// <summary>Tracks interleaved by PTS, as the timeline aligner hands them over.</summary>
    public static List<(int Track, TestFrame Frame)> Interleave(params IReadOnlyList<TestFrame>[] tracks) =>
        tracks.SelectMany((frames, track) => frames.Select(f => (Track: track, Frame: f))).OrderBy(x => x.Frame.Pts).ThenBy(x => x.Track).ToList();

    public static int Feed(FfmpegSink sink, IEnumerable<(int Track, TestFrame Frame)> frames) =>
        frames.Count(x => sink.TryWrite(Frame(x.Track, x.Frame)));

    public static int CountOccurrences(string path, ReadOnlySpan<byte> pattern)
    {
        var bytes = File.ReadAllBytes(path).AsSpan();
        int count = 0;
        for (int at; (at = bytes.IndexOf(pattern)) >= 0; bytes = bytes[(at + pattern.Length)..]) count++;
        return count;
    }

    /// <summary>The ffmpeg child of this test process whose command line mentions <paramref name="marker"/>.</summary>
    public static async Task<int> FindFfmpegAsync(string marker)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(10); waited += TimeSpan.FromMilliseconds(50))
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out int pid)) continue;
                try
                {
                    var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                    if (parent == Environment.ProcessId && commandLine.Contains("ffmpeg", StringComparison.Ordinal) && commandLine.Contains(marker, StringComparison.Ordinal)) return pid;
                }
                catch (IOException)
                {
                    // the process exited while we looked
                }
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("ffmpeg did not start");
    }

    public static bool IsRunning(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    public static void Signal(int pid, string signal) => Assert.Equal(0, Tool.Run("kill", "-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExitCode);

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        for (var waited = TimeSpan.Zero; !condition(); waited += TimeSpan.FromMilliseconds(50))
        {
            if (waited > timeout) throw new TimeoutException("condition not met in " + timeout);
            await Task.Delay(50);
        }
    }
}

/// <summary>Keeps every log line with its event id, so tests can assert what was logged.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(int EventId, LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
}
