using System.Buffers;
using System.Buffers.Binary;
using System.Threading.Channels;
using Gateway.Pipelines.Formats;
using Gateway.Pipelines.Media;
using Gateway.Pipelines.Sync;
using Gateway.Pipelines.Tracks;
using Gateway.Rtc.Rtp;
using Gateway.Rtc.WebRtc;

namespace Gateway.Interop.Tests.Support;

/// <summary>
/// Puts what a <see cref="WebRtcOutgoingPeer"/> hands its media handler through the recording pipeline's track stage
/// (jitter buffer, depacketizer, timeline: <see cref="TrackPipeline"/>, as the WHIP source does) and writes the VP8
/// frames that come out as an IVF file for ffprobe; audio frames are counted. One loop owns the pipelines, as in a source.
/// </summary>
public sealed class OutgoingPeerRecorder : IDisposable
{
    private readonly Channel<(bool IsRtcp, byte[] Buffer, int Length, long At)> _queue = Channel.CreateUnbounded<(bool, byte[], int, long)>();
    private readonly Dictionary<int, TrackPipeline> _byPayloadType = [];
    private readonly List<TrackPipeline> _pipelines = [];
    private readonly FileStream _ivf;
    private int _videoTrack = -1;
    private int _videoFrames;

    public OutgoingPeerRecorder(string ivfPath) => _ivf = File.Create(ivfPath);

    public int AudioFrames { get; private set; }

    public int VideoFrames => _videoFrames;

    public int VideoKeyFrames { get; private set; }

    /// <summary>The peer's media handler: queues, never blocks.</summary>
    public void OnMedia(bool isRtcp, byte[] buffer, int length, long receivedAt)
    {
        if (!_queue.Writer.TryWrite((isRtcp, buffer, length, receivedAt))) ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Creates one track per negotiated section, like the WHIP source does from its answer.</summary>
    public void Configure(IReadOnlyList<NegotiatedMedia> media)
    {
        var timeline = new TimelineAligner(new TimelineAlignerOptions());
        for (var i = 0; i < media.Count; i++)
        {
            if (!CodecRegistry.TryCreate(media[i].Codec, out var codec, out var reason)) throw new InvalidOperationException(reason);
            var pipeline = new TrackPipeline(i, codec, timeline, new TrackPipelineOptions(), TimeProvider.System);
            _pipelines.Add(pipeline);
            _byPayloadType[media[i].Codec.PayloadType] = pipeline;
            if (media[i].Kind == "video")
            {
                if (!media[i].Codec.Is("VP8")) throw new InvalidOperationException("the IVF writer takes VP8 only");
                _videoTrack = i;
                WriteIvfHeader();
            }
        }
    }

    /// <summary>Feeds what arrived into the pipelines and writes what they release (call it from one loop).</summary>
    public void Pump(bool flush = false)
    {
        while (_queue.Reader.TryRead(out var item))
        {
            if (!item.IsRtcp && RtpHeader.TryParse(item.Buffer.AsSpan(0, item.Length), out var header, out var payload, out _)
                && _byPayloadType.TryGetValue(header.PayloadType, out var pipeline))
            {
                pipeline.Receive(header, item.Buffer, item.Length, payload, item.At);   // the pipeline owns the buffer now
                continue;
            }
            ArrayPool<byte>.Shared.Return(item.Buffer);                               // RTCP, RTX, padding probes
        }
        foreach (var pipeline in _pipelines)
        {
            if (flush) pipeline.Flush(Write);
            else pipeline.Drain(Write);
        }
    }

    private void Write(EncodedFrame frame)
    {
        using (frame)
        {
            if (frame.TrackIndex != _videoTrack)
            {
                AudioFrames++;
                return;
            }
            if (frame.IsKeyFrame) VideoKeyFrames++;
            Span<byte> header = stackalloc byte[12];
            BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)frame.Length);
            BinaryPrimitives.WriteInt64LittleEndian(header[4..], frame.RtpTimestamp);
            _ivf.Write(header);
            _ivf.Write(frame.Span);
            _videoFrames++;
        }
    }

    /// <summary>IVF: "DKIF", version 0, header 32 bytes, fourcc, size, timebase 1/90000 (the RTP clock), frame count.</summary>
    private void WriteIvfHeader()
    {
        Span<byte> header = stackalloc byte[32];
        "DKIF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 32);
        "VP80"u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], 640);
        BinaryPrimitives.WriteUInt16LittleEndian(header[14..], 360);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 90000);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        _ivf.Write(header);
    }

    public void Dispose()
    {
        if (_videoTrack >= 0 && _ivf.CanWrite)
        {
            _ivf.Position = 24;
            Span<byte> count = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(count, (uint)_videoFrames);
            _ivf.Write(count);
        }
        _ivf.Dispose();
        foreach (var pipeline in _pipelines) pipeline.Dispose();
        while (_queue.Reader.TryRead(out var item)) ArrayPool<byte>.Shared.Return(item.Buffer);
    }
}
