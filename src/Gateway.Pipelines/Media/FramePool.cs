using System.Buffers;

namespace Gateway.Pipelines.Media;

/// <summary>
/// The arrays encoded frames travel in, from a track's depacketizer through the sink's queue to ffmpeg's pipe.
/// <see cref="ArrayPool{T}.Shared"/> keeps a few dozen arrays per size and core; with tens of captures each holding
/// up to a pipe batch (200 ms) of frames, more are in flight than that and the shared pool fell back to new arrays
/// (the load harness traced 65 MB/s of them at N = 100). This pool keeps up to <see cref="MaxArraysPerSize"/> per size.
/// </summary>
public static class FramePool
{
    /// <summary>Larger frames (beyond any sane key frame) are allocated and dropped by the pool on return.</summary>
    public const int MaxPooledFrame = 4 << 20;

    /// <summary>Arrays are kept only once returned, so this bounds what the pool retains after a peak.</summary>
    public const int MaxArraysPerSize = 4096;

    public static ArrayPool<byte> Shared { get; } = ArrayPool<byte>.Create(MaxPooledFrame, MaxArraysPerSize);

    /// <summary>A copy of <paramref name="data"/> in a pooled array; the caller owns it.</summary>
    public static byte[] Copy(ReadOnlySpan<byte> data)
    {
        var buffer = Shared.Rent(Math.Max(data.Length, 1));
        data.CopyTo(buffer);
        return buffer;
    }
}
