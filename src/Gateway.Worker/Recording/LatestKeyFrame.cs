using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Media;

namespace Gateway.Worker.Recording;

/// <summary>
/// A copy of the newest key frame of one video track, in one buffer reused (grown, never shrunk) for the capture's
/// life: thumbnails cost a memcpy per key frame while nobody asks, and a decode only when somebody does.
/// </summary>
public sealed class LatestKeyFrame(IRtpCodec codec, int trackIndex)
{
    private readonly Lock _lock = new();
    private byte[] _buffer = [];
    private int _length;
    private long _version;

    public IRtpCodec Codec => codec;

    /// <summary>Takes a copy when <paramref name="frame"/> is a key frame of the tracked track; never keeps the frame.</summary>
    public void Offer(in EncodedFrame frame)
    {
        if (!frame.IsKeyFrame || frame.TrackIndex != trackIndex) return;
        lock (_lock)
        {
            if (_buffer.Length < frame.Length) _buffer = new byte[Math.Max(frame.Length, _buffer.Length * 2)];
            frame.Span.CopyTo(_buffer);
            _length = frame.Length;
            _version++;
        }
    }

    /// <summary>Increments with every key frame kept; 0 while none arrived.</summary>
    public long Version
    {
        get { lock (_lock) return _version; }
    }

    /// <returns>A private copy of the newest key frame and its version, or null while none arrived.</returns>
    public (byte[] Frame, long Version)? Snapshot()
    {
        lock (_lock) return _version == 0 ? null : (_buffer.AsSpan(0, _length).ToArray(), _version);
    }
}
