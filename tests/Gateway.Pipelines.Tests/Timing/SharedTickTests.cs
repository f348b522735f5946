using Gateway.Pipelines.Timing;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Pipelines.Tests.Timing;

public sealed class SharedTickTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task Every_subscriber_wakes_on_the_same_tick()
    {
        var time = new FakeTimeProvider();
        var tick = SharedTick.For(time, Period);
        using var first = tick.Subscribe();
        using var second = tick.Subscribe();
        var a = first.WaitAsync(CancellationToken.None);
        var b = second.WaitAsync(CancellationToken.None);
        Assert.Same(a, b);                               // one shared task: nothing allocated per loop and tick
        Assert.False(a.IsCompleted);

        time.Advance(Period);
        await a.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(first.WaitAsync(CancellationToken.None).IsCompleted);   // the next tick is a new wait
    }

    [Fact]
    public void The_same_clock_and_period_share_one_tick_and_other_periods_do_not()
    {
        var time = new FakeTimeProvider();
        Assert.Same(SharedTick.For(time, Period), SharedTick.For(time, Period));
        Assert.NotSame(SharedTick.For(time, Period), SharedTick.For(time, Period * 2));
        Assert.NotSame(SharedTick.For(time, Period), SharedTick.For(new FakeTimeProvider(), Period));
    }

    [Fact]
    public async Task A_cancelled_loop_throws_at_its_next_wait()
    {
        var time = new FakeTimeProvider();
        using var subscription = SharedTick.For(time, Period).Subscribe();
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(() => subscription.WaitAsync(stop.Token));
    }

    [Fact]
    public async Task The_timer_stops_with_the_last_subscriber_and_starts_again_with_the_next()
    {
        var time = new FakeTimeProvider();
        var tick = SharedTick.For(time, Period);
        var subscription = tick.Subscribe();
        var pending = subscription.WaitAsync(CancellationToken.None);
        subscription.Dispose();
        subscription.Dispose();                          // idempotent: the count is not decremented twice
        time.Advance(Period * 5);
        Assert.False(pending.IsCompleted);               // no subscriber, no timer

        using var again = tick.Subscribe();
        time.Advance(Period);
        await pending.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
