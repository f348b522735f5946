using System.Threading.Channels;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Media;

namespace Gateway.Pipelines.Sinks;

/// <summary>
/// The bounded hand-off between whoever produces frames and the sink's single muxing task. Writers never wait:
/// when the queue is full (in frames or bytes) the new frame is dropped, and a video track then drops every
/// frame until its next key frame, because a decoder cannot use P-frames whose reference is gone — the file
/// gets a clean freeze instead of corrupt pictures. Audio frames are independent, so audio just gets a gap.
/// Dropping the newest (not the oldest) keeps what is queued decodable without inspecting it.
/// </summary>
internal sealed class FrameQueue
{
    private readonly Channel<EncodedFrame> _channel;
    private readonly long _capacityBytes;
    private readonly bool[] _isVideo;
    private readonly int[] _waitingForKeyFrame;   // 1 after a drop on a video track, until a key frame is queued
    private long _queuedBytes;
    private long _dropped;

    public FrameQueue(IReadOnlyList<IRtpCodec> tracks, int capacityFrames, long capacityBytes)
    {
        _channel = Channel.CreateBounded<EncodedFrame>(new BoundedChannelOptions(capacityFrames)
        {
            FullMode = BoundedChannelFullMode.Wait,   // only TryWrite is used, so "Wait" means "refuse", never block
            SingleReader = true,
        });
        _capacityBytes = capacityBytes;
        _isVideo = tracks.Select(t => t.Kind == MediaKind.Video).ToArray();
        _waitingForKeyFrame = new int[tracks.Count];
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    public ChannelReader<EncodedFrame> Reader => _channel.Reader;

    /// <summary>Takes ownership of <paramref name="frame"/> either way: queued, or disposed and counted.</summary>
    public bool TryWrite(EncodedFrame frame)
    {
        int track = frame.TrackIndex;
        if ((uint)track >= (uint)_isVideo.Length) return Drop(frame);
        bool video = _isVideo[track];
        if (video && !frame.IsKeyFrame && Volatile.Read(ref _waitingForKeyFrame[track]) != 0) return Drop(frame);

        if (Interlocked.Add(ref _queuedBytes, frame.Length) > _capacityBytes || !_channel.Writer.TryWrite(frame))
        {
            Interlocked.Add(ref _queuedBytes, -frame.Length);
            if (video) Volatile.Write(ref _waitingForKeyFrame[track], 1);
            return Drop(frame);
        }
        if (video && frame.IsKeyFrame) Volatile.Write(ref _waitingForKeyFrame[track], 0);
        return true;
    }

    /// <summary>Called by the single reader for every frame it takes.</summary>
    public void OnRead(in EncodedFrame frame) => Interlocked.Add(ref _queuedBytes, -frame.Length);

    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>Disposes whatever is still queued (after the reader stopped for good).</summary>
    public void DisposeRemaining()
    {
        while (_channel.Reader.TryRead(out var frame))
        {
            OnRead(frame);
            frame.Dispose();
        }
    }

    private bool Drop(EncodedFrame frame)
    {
        frame.Dispose();
        Interlocked.Increment(ref _dropped);
        return false;
    }
}
