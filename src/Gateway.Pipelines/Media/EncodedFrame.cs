namespace Gateway.Pipelines.Media;

/// <summary>
/// One complete encoded frame in a pooled array. Exactly one holder calls <see cref="Dispose"/>, which returns the
/// array; ownership travels with the value through channels.
/// </summary>
/// <param name="Buffer">Rented from <see cref="FramePool"/>; only the first <paramref name="Length"/> bytes are data.</param>
/// <param name="TrackIndex">Index of the track in the capture (order of the SDP m-lines).</param>
/// <param name="RtpTimestamp">Track-clock timestamp, unwrapped to 64 bits.</param>
/// <param name="Pts">Presentation time on the capture's common timeline, set by the timeline aligner.</param>
/// <param name="IsKeyFrame">A decoder can start here.</param>
public readonly record struct EncodedFrame(byte[] Buffer, int Length, int TrackIndex, long RtpTimestamp, TimeSpan Pts, bool IsKeyFrame)
    : IDisposable
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    public void Dispose() => FramePool.Shared.Return(Buffer);
}
