using System.Buffers;
using System.Diagnostics;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Containers.Matroska;

namespace Gateway.Worker.Recording;

/// <summary>
/// Decodes one key frame to JPEG with ffmpeg: the frame goes in as a one-block Matroska file on stdin (the same
/// CodecID/CodecPrivate the recording uses), one mjpeg image comes out on stdout. A process per request, not per
/// frame: a capture nobody looks at costs nothing.
/// </summary>
public sealed class ThumbnailRenderer(string ffmpegPath)
{
    private const int MaxJpegBytes = 16 * 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <returns>The JPEG, or null and ffmpeg's complaint when it could not decode the frame.</returns>
    public async Task<(byte[]? Jpeg, string? Error)> RenderAsync(IRtpCodec codec, byte[] keyFrame, CancellationToken cancellationToken)
    {
        var input = new ArrayBufferWriter<byte>(keyFrame.Length + 1024);
        var muxer = new MatroskaWriter([new MatroskaTrack(1, MediaKind.Video, codec.MatroskaCodecId, codec.CreateCodecPrivate(keyFrame))]);
        muxer.WriteHeader(input);
        muxer.WriteFrame(input, 1, 0, isKeyFrame: true, keyFrame);

        var start = new ProcessStartInfo(ffmpegPath)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in (string[])["-hide_banner", "-nostdin", "-loglevel", "error", "-f", "matroska", "-i", "pipe:0",
                     "-frames:v", "1", "-q:v", "3", "-f", "mjpeg", "pipe:1"])
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{ffmpegPath} did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            var stdout = ReadAllAsync(process.StandardOutput.BaseStream, timeout.Token);
            await using (var stdin = process.StandardInput.BaseStream)
            {
                await stdin.WriteAsync(input.WrittenMemory, timeout.Token).ConfigureAwait(false);
            }
            var jpeg = await stdout.ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var error = (await stderr.ConfigureAwait(false)).Trim();
            return process.ExitCode == 0 && jpeg.Length > 0 ? (jpeg, null) : (null, $"ffmpeg exited with {process.ExitCode}: {error}");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested) throw;
            return (null, ex is IOException ? $"ffmpeg closed its pipe: {ex.Message}" : $"ffmpeg took longer than {Timeout.TotalSeconds} s");
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxJpegBytes) throw new IOException("the image is larger than 16 MiB");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
