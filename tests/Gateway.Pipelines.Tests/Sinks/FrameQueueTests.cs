using Gateway.Pipelines.Sinks;

namespace Gateway.Pipelines.Tests.Sinks;

public sealed class FrameQueueTests
{
    private static TestFrame Key(int n) => new(new byte[100], TimeSpan.FromMilliseconds(33 * n), true);

    private static TestFrame Delta(int n) => new(new byte[100], TimeSpan.FromMilliseconds(33 * n), false);

    private static bool Write(FrameQueue queue, int track, TestFrame frame) => queue.TryWrite(SinkTestKit.Frame(track, frame));

    private static TestFrame[] Drain(FrameQueue queue, int count)
    {
        var frames = new TestFrame[count];
        for (int i = 0; i < count; i++)
        {
            Assert.True(queue.Reader.TryRead(out var frame));
            queue.OnRead(frame);
            frames[i] = new TestFrame([], frame.Pts, frame.IsKeyFrame);
            frame.Dispose();
        }
        return frames;
    }

    [Fact]
    public void After_a_video_drop_the_track_drops_until_a_key_frame_is_queued()
    {
        var queue = new FrameQueue([TestCodec.Vp8(), TestCodec.Pcmu()], capacityFrames: 2, capacityBytes: 1 << 20);
        Assert.True(Write(queue, 0, Key(0)));
        Assert.True(Write(queue, 0, Delta(1)));
        Assert.False(Write(queue, 0, Delta(2)));                 // full
        Drain(queue, 2);
        Assert.False(Write(queue, 0, Delta(3)));                 // room again, but its reference (2) is gone
        Assert.True(Write(queue, 1, Key(3)));                     // audio is unaffected
        Assert.True(Write(queue, 0, Key(4)));
        Assert.False(Write(queue, 0, Delta(5)));                 // full again (audio + key)
        Drain(queue, 2);
        Assert.False(Write(queue, 0, Delta(6)));
        Assert.True(Write(queue, 0, Key(7)));
        Assert.True(Write(queue, 0, Delta(8)));
        Assert.Equal(4, queue.Dropped);
        Assert.Equal(new[] { 7, 8 }.Select(n => TimeSpan.FromMilliseconds(33 * n)), Drain(queue, 2).Select(f => f.Pts));
    }

    [Fact]
    public void The_byte_cap_drops_before_the_frame_cap_and_frees_as_frames_are_read()
    {
        var queue = new FrameQueue([TestCodec.Pcmu()], capacityFrames: 100, capacityBytes: 250);
        Assert.True(Write(queue, 0, Key(0)));
        Assert.True(Write(queue, 0, Key(1)));
        Assert.False(Write(queue, 0, Key(2)));                   // 300 bytes > 250
        Assert.Equal(200, queue.QueuedBytes);
        Drain(queue, 1);
        Assert.Equal(100, queue.QueuedBytes);
        Assert.True(Write(queue, 0, Key(3)));
        Assert.Equal(1, queue.Dropped);
    }

    [Fact]
    public void Unknown_tracks_and_writes_after_completion_are_dropped()
    {
        var queue = new FrameQueue([TestCodec.Pcmu()], capacityFrames: 10, capacityBytes: 1 << 20);
        Assert.False(Write(queue, 1, Key(0)));
        queue.Complete();
        Assert.False(Write(queue, 0, Key(1)));
        Assert.Equal(2, queue.Dropped);
        Assert.Equal(0, queue.QueuedBytes);
    }
}
