using Gateway.Pipelines.Sinks;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Pipelines.Tests.Sinks;

public sealed class TrackStartGateTests
{
    private static readonly TestCodec Video = TestCodec.H264();
    private static readonly TestCodec Audio = TestCodec.Pcmu();

    private static TestFrame Au(bool key) => new(key ? TestMedia.H264[0].Data : TestMedia.H264[1].Data, TimeSpan.Zero, key);

    [Fact]
    public void Video_waits_for_a_key_frame_and_the_gate_opens_when_every_track_started()
    {
        var time = new FakeTimeProvider();
        var gate = new TrackStartGate([Video, Audio], 100, TimeSpan.FromSeconds(5), time);
        gate.Offer(SinkTestKit.Frame(1, new TestFrame([1], TimeSpan.Zero, true)));
        gate.Offer(SinkTestKit.Frame(0, Au(key: false)));
        Assert.False(gate.ShouldOpen);
        Assert.Equal(1, gate.Skipped);
        Assert.Null(gate.CodecPrivate[0]);
        gate.Offer(SinkTestKit.Frame(0, Au(key: true)));
        Assert.True(gate.ShouldOpen);
        Assert.Equal(TestMedia.AvcCFromAccessUnit(TestMedia.H264[0].Data), gate.CodecPrivate[0]);
        Assert.Equal(TestMedia.WaveFormatEx(7, 8000, 1, 8), gate.CodecPrivate[1]);
        Assert.Equal(2, gate.Held.Count);
        gate.DisposeHeld();
    }

    [Fact]
    public void A_track_that_never_starts_is_left_out_after_the_timeout()
    {
        var time = new FakeTimeProvider();
        var gate = new TrackStartGate([Video, Audio], 100, TimeSpan.FromSeconds(5), time);
        Assert.Equal(Timeout.InfiniteTimeSpan, gate.Remaining);
        gate.Offer(SinkTestKit.Frame(1, new TestFrame([1], TimeSpan.Zero, true)));
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(gate.ShouldOpen);
        Assert.Equal(TimeSpan.FromSeconds(0.1), gate.Remaining);
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(gate.ShouldOpen);
        Assert.Equal(1, gate.StartedCount);
        gate.DisposeHeld();
    }

    [Fact]
    public void The_frame_bound_opens_the_gate_before_the_timeout()
    {
        var gate = new TrackStartGate([Video, Audio], 3, TimeSpan.FromSeconds(5), new FakeTimeProvider());
        for (int i = 0; i < 2; i++) gate.Offer(SinkTestKit.Frame(1, new TestFrame([1], TimeSpan.Zero, true)));
        Assert.False(gate.ShouldOpen);
        gate.Offer(SinkTestKit.Frame(1, new TestFrame([1], TimeSpan.Zero, true)));
        Assert.True(gate.ShouldOpen);
        gate.DisposeHeld();
    }
}
