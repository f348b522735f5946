using System.Diagnostics;
using System.Globalization;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// Plays an RTMP stream with ffmpeg the way a low-latency viewer would (no input buffering, one decoder thread, every
/// frame flushed at once) and stamps each decoded frame's mean luma with the wall clock when it came out: the
/// receive side of a latency measurement. The frames are scaled to 16×16 YUV 4:2:0; luma is converted back from
/// video range (16–235) to 0–255.
/// </summary>
public sealed class RtmpLumaReader : IAsyncDisposable
{
    private const int Side = 16;
    private const int FrameBytes = Side * Side * 3 / 2;

    private readonly Process _process;
    private readonly Task _reading;
    private readonly List<(double Ms, double Luma)> _frames = [];
    private readonly Lock _gate = new();
    private string _stderr = "";

    private RtmpLumaReader(Process process)
    {
        _process = process;
        _reading = Task.Run(ReadAsync);
        _ = Task.Run(async () => _stderr = await process.StandardError.ReadToEndAsync());
    }

    public static RtmpLumaReader Start(string url)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-hide_banner", "-nostdin", "-v", "error", "-fflags", "nobuffer", "-flags", "low_delay", "-threads", "1",
            "-probesize", "5000000", "-analyzeduration", "5000000", "-i", url,
            "-an", "-vf", $"scale={Side}:{Side}", "-pix_fmt", "yuv420p", "-fps_mode", "passthrough", "-flush_packets", "1",
            "-f", "rawvideo", "pipe:1",
        })
        {
            info.ArgumentList.Add(argument);
        }
        return new RtmpLumaReader(Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start"));
    }

    public IReadOnlyList<(double Ms, double Luma)> Frames { get { lock (_gate) return [.. _frames]; } }

    public string StandardError => _stderr;

    private async Task ReadAsync()
    {
        var frame = new byte[FrameBytes];
        var output = _process.StandardOutput.BaseStream;
        try
        {
            while (true)
            {
                await output.ReadExactlyAsync(frame);
                var ms = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
                double sum = 0;
                for (var i = 0; i < Side * Side; i++) sum += frame[i];
                var luma = ((sum / (Side * Side)) - 16) * 255 / 219;
                lock (_gate) _frames.Add((ms, luma));
            }
        }
        catch (EndOfStreamException)
        {
            // ffmpeg ended (the stream stopped or it was killed)
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await _reading.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            // best effort: the process is gone or going
        }
        finally
        {
            _process.Dispose();
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Frames.Count} frames; ffmpeg: {_stderr}");
}
