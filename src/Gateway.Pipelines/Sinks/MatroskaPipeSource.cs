using FFMpegCore.Pipes;

namespace Gateway.Pipelines.Sinks;

/// <summary>
/// FFMpegCore pipe source whose body is the sink's muxing loop: FFMpegCore connects ffmpeg to a Unix domain
/// socket and hands us the stream; we write Matroska into it for as long as the capture runs. Socket writes
/// wait while ffmpeg is not reading, which is the backpressure.
/// </summary>
internal sealed class MatroskaPipeSource(Func<Stream, CancellationToken, Task> writeAsync) : IPipeSource
{
    public string GetStreamArguments() => "-f matroska";

    public Task WriteAsync(Stream outputStream, CancellationToken cancellationToken) => writeAsync(outputStream, cancellationToken);
}
