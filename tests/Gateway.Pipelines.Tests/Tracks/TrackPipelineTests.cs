using System.Buffers;
using Gateway.Pipelines.Codecs;
using Gateway.Pipelines.Formats;
using Gateway.Pipelines.Media;
using Gateway.Pipelines.Sinks;
using Gateway.Pipelines.Sync;
using Gateway.Pipelines.Tests.Formats;
using Gateway.Pipelines.Tests.Sinks;
using Gateway.Pipelines.Tracks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Pipelines.Tests.Tracks;

/// <summary>Captured RTP through the whole track stage (receiver, depacketizer, clock, timeline) into a real ffmpeg.</summary>
public sealed class TrackPipelineTests
{
    private const string OpusCapture = "opus/sine-440hz-stereo-1s.hex";

    private static IRtpCodec H264()
    {
        Assert.True(CodecRegistry.TryCreate("H264", 90000, 0, new Dictionary<string, string> { ["packetization-mode"] = "1" }, out var codec, out var reason), reason);
        return codec;
    }

    private static List<EncodedFrame> Run(IRtpCodec codec, IEnumerable<(Rtc.Rtp.RtpHeader Header, byte[] Payload)> packets, FakeTimeProvider time,
        TrackPipeline? pipeline = null)
    {
        pipeline ??= new TrackPipeline(0, codec, new TimelineAligner(new TimelineAlignerOptions()), new TrackPipelineOptions(), time);
        var frames = new List<EncodedFrame>();
        var previous = (uint?)null;
        foreach (var (header, payload) in packets)
        {
            if (previous is { } p && header.Timestamp != p) time.Advance(TimeSpan.FromMilliseconds(33));
            previous = header.Timestamp;
            var datagram = ArrayPool<byte>.Shared.Rent(payload.Length + 12);
            header.TryWriteTo(datagram, out var headerLength);
            payload.CopyTo(datagram.AsSpan(headerLength));
            pipeline.Receive(header, datagram, headerLength + payload.Length, headerLength..(headerLength + payload.Length), time.GetTimestamp());
            pipeline.Drain(frames.Add);
        }
        time.Advance(TimeSpan.FromSeconds(1));
        pipeline.Drain(frames.Add);
        return frames;
    }

    [Fact]
    public void A_captured_gop_comes_out_as_frames_with_increasing_timestamps()
    {
        var time = new FakeTimeProvider();
        var frames = Run(H264(), Captures.Load("h264/testsrc-640x360-30fps-2s.hex"), time);
        try
        {
            Assert.Equal(60, frames.Count);
            Assert.True(frames[0].IsKeyFrame);
            Assert.True(frames[30].IsKeyFrame);
            for (var i = 1; i < frames.Count; i++) Assert.True(frames[i].Pts > frames[i - 1].Pts, $"frame {i}");
            // AVCC: the first NAL's 4-byte length fits inside the frame.
            var first = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frames[0].Span);
            Assert.InRange(first, 1u, (uint)frames[0].Length - 4);
        }
        finally
        {
            foreach (var f in frames) f.Dispose();
        }
    }

    [Fact]
    public void A_stream_joined_after_its_key_frame_asks_for_one_with_every_frame_it_must_drop()
    {
        var time = new FakeTimeProvider();
        var packets = Captures.Load("h264/testsrc-640x360-30fps-2s.hex");
        var firstFrame = packets[0].Header.Timestamp;
        var pipeline = new TrackPipeline(0, H264(), new TimelineAligner(new TimelineAlignerOptions()), new TrackPipelineOptions(), time);
        var asked = 0;
        pipeline.KeyFrameNeeded += _ => asked++;
        // The first GOP's key frame never arrived: 29 inter frames are dropped (each asks), then the next GOP records.
        var frames = Run(H264(), packets.Where(p => p.Header.Timestamp != firstFrame), time, pipeline);
        try
        {
            Assert.Equal(30, frames.Count);
            Assert.True(frames[0].IsKeyFrame);
            Assert.Equal(29, asked);
            Assert.Equal(29, pipeline.Counters.FramesDropped);
        }
        finally
        {
            foreach (var f in frames) f.Dispose();
        }
    }

    [Theory]
    [InlineData("h264/testsrc-640x360-30fps-2s.hex", 60)]
    [InlineData("h264/syncpattern-stapa-zerolatency.hex", 90)]
    public async Task Frames_from_the_track_stage_become_a_decodable_mp4(string capture, int expectedFrames)
    {
        var codec = H264();
        var frames = Run(codec, Captures.Load(capture), new FakeTimeProvider());
        var dir = TestMedia.NewTempDirectory();
        var output = Path.Combine(dir, "out.mp4");
        await using (var sink = FfmpegSink.Start([codec], new FfmpegSinkOptions { Outputs = [new RecordingOutput(RecordingOutputKind.Mp4, output)] },
                         NullLogger.Instance))
        {
            foreach (var frame in frames) Assert.True(sink.TryWrite(frame));
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await sink.FinalizeAsync(budget.Token);
            var status = sink.GetStatus();
            Assert.True(status.Outputs[0].State == RecordingOutputState.Completed, string.Join("\n", status.StandardErrorTail));
        }
        Assert.Equal("", Tool.DecodeErrors(output));
        Assert.Equal(expectedFrames, Tool.CountPackets(output, "v:0"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Loss_duplication_and_reordering_never_let_a_broken_frame_through(int seed)
    {
        var codec = H264();
        var random = new Random(seed);
        var packets = Captures.Load("h264/testsrc-640x360-30fps-2s.hex");
        var impaired = new List<(Rtc.Rtp.RtpHeader, byte[])>();
        foreach (var packet in packets)
        {
            if (random.NextDouble() < 0.03) continue;                   // lost
            impaired.Add(packet);
            if (random.NextDouble() < 0.03) impaired.Add(packet);       // duplicated
        }
        for (var i = 0; i + 1 < impaired.Count; i++)                     // neighbours swapped
            if (random.NextDouble() < 0.1) (impaired[i], impaired[i + 1]) = (impaired[i + 1], impaired[i]);
        var frames = Run(codec, impaired, new FakeTimeProvider());
        var dir = TestMedia.NewTempDirectory();
        var output = Path.Combine(dir, "impaired.mp4");
        await using (var sink = FfmpegSink.Start([codec], new FfmpegSinkOptions { Outputs = [new RecordingOutput(RecordingOutputKind.Mp4, output)] },
                         NullLogger.Instance))
        {
            foreach (var frame in frames) sink.TryWrite(frame);
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await sink.FinalizeAsync(budget.Token);
            var status = sink.GetStatus();
            Assert.True(status.Outputs[0].State == RecordingOutputState.Completed, string.Join("\n", status.StandardErrorTail));
        }
        Assert.Equal("", Tool.DecodeErrors(output));
        Assert.True(Tool.CountPackets(output, "v:0") >= 20);
    }

    [Fact]
    public async Task Video_and_audio_tracks_on_one_timeline_become_one_mp4()
    {
        var video = H264();
        Assert.True(CodecRegistry.TryCreate("opus", 48000, 2, null, out var audio, out var reason), reason);
        var time = new FakeTimeProvider();
        var timeline = new TimelineAligner(new TimelineAlignerOptions());
        var videoStage = new TrackPipeline(0, video, timeline, new TrackPipelineOptions(), time);
        var audioStage = new TrackPipeline(1, audio, timeline, new TrackPipelineOptions(), time);
        var videoFrames = Run(video, Captures.Load("h264/testsrc-640x360-30fps-2s.hex"), time, videoStage);
        var audioFrames = Run(audio, Captures.Load(OpusCapture), time, audioStage);
        var dir = TestMedia.NewTempDirectory();
        var output = Path.Combine(dir, "av.mp4");
        await using (var sink = FfmpegSink.Start([video, audio], new FfmpegSinkOptions { Outputs = [new RecordingOutput(RecordingOutputKind.Mp4, output)] },
                         NullLogger.Instance))
        {
            foreach (var frame in videoFrames.Concat(audioFrames).OrderBy(f => f.Pts)) sink.TryWrite(frame);
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await sink.FinalizeAsync(budget.Token);
            var status = sink.GetStatus();
            Assert.True(status.Outputs[0].State == RecordingOutputState.Completed, string.Join("\n", status.StandardErrorTail));
        }
        Assert.Equal("", Tool.DecodeErrors(output));
        Assert.Equal(60, Tool.CountPackets(output, "v:0"));
        Assert.True(Tool.CountPackets(output, "a:0") > 0);
    }
}
