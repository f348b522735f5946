using Gateway.Rtc.Feedback;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Rtc.Tests.Feedback;

public sealed class NackSchedulerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ushort[] _out = new ushort[64];

    private NackScheduler Create(int maxRetries = 3, int maxTracked = 512) => new(new NackSchedulerOptions
    {
        ReorderDelay = TimeSpan.FromMilliseconds(10),
        RetryInterval = TimeSpan.FromMilliseconds(100),
        MaxRetries = maxRetries,
        MaxTracked = maxTracked,
    }, _time);

    private ushort[] Update(NackScheduler scheduler, params ushort[] missing) => _out[..scheduler.Update(missing, _out)];

    [Fact]
    public void A_fresh_gap_waits_out_the_reorder_delay_then_is_asked_for_once_per_retry_interval()
    {
        var scheduler = Create();
        Assert.Empty(Update(scheduler, 5, 6));                        // may still be reordering
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal([5, 6], Update(scheduler, 5, 6));
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Empty(Update(scheduler, 5, 6));                        // a retransmission is on its way
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal([5, 6], Update(scheduler, 5, 6));
        Assert.Equal(4, scheduler.Requested);
    }

    [Fact]
    public void Arrived_packets_are_forgotten_and_retries_stop_at_the_limit()
    {
        var scheduler = Create(maxRetries: 2);
        Update(scheduler, 1, 2);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            var asked = Update(scheduler, 2);                         // 1 arrived
            Assert.Equal(i < 2 ? [2] : [], asked);
        }
        Assert.Equal(1, scheduler.Tracked);
        Update(scheduler);                                            // 2 past the jitter buffer's deadline
        Assert.Equal(0, scheduler.Tracked);
    }

    [Fact]
    public void A_packet_missing_again_after_being_forgotten_starts_over()
    {
        var scheduler = Create();
        Update(scheduler, 9);
        Update(scheduler);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(Update(scheduler, 9));
    }

    [Fact]
    public void Tracking_is_bounded()
    {
        var scheduler = Create(maxTracked: 4);
        Update(scheduler, 1, 2, 3, 4, 5, 6);
        Assert.Equal(4, scheduler.Tracked);
        _time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal([1, 2, 3, 4], Update(scheduler, 1, 2, 3, 4, 5, 6));
    }

    [Fact]
    public void The_output_span_limits_one_round_and_the_rest_follow_next_time()
    {
        var scheduler = Create();
        ushort[] missing = [10, 11, 12];
        scheduler.Update(missing, _out);
        _time.Advance(TimeSpan.FromMilliseconds(20));
        var small = new ushort[2];
        Assert.Equal(2, scheduler.Update(missing, small));
        Assert.Equal([10, 11], small);
        Assert.Equal([12], Update(scheduler, missing));
    }
}
