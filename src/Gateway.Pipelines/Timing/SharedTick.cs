using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Gateway.Pipelines.Timing;

/// <summary>
/// One timer for every capture's processing loop of a given period. A timer per capture woke the thread pool at a
/// different instant for each capture (50 times a second each); the context switches cost more than the packet work
/// (measured with perf: most of the gateway's CPU at N = 10 was spent switching threads). Here all loops wake on the
/// same tick, queued together, so a couple of pool threads run them back to back. The timer runs while any loop is
/// subscribed.
/// </summary>
public sealed class SharedTick
{
    private static readonly ConditionalWeakTable<TimeProvider, ConcurrentDictionary<TimeSpan, SharedTick>> ByClock = [];

    private readonly TimeProvider _time;
    private readonly TimeSpan _period;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private int _subscribers;
    private TaskCompletionSource _next = NewSource();

    private SharedTick(TimeProvider time, TimeSpan period) => (_time, _period) = (time, period);

    public static SharedTick For(TimeProvider time, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        return ByClock.GetValue(time, static _ => new()).GetOrAdd(period, static (p, t) => new SharedTick(t, p), time);
    }

    /// <summary>Starts the timer for the first subscriber; dispose the subscription when the loop ends.</summary>
    public Subscription Subscribe()
    {
        lock (_gate)
        {
            if (_subscribers++ == 0) _timer = _time.CreateTimer(static state => ((SharedTick)state!).Fire(), this, _period, _period);
        }
        return new Subscription(this);
    }

    private void Unsubscribe()
    {
        lock (_gate)
        {
            if (--_subscribers != 0) return;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Fire() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    // Continuations run on the pool, not on the timer's thread: the captures of one tick then spread over the cores.
    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed class Subscription(SharedTick owner) : IDisposable
    {
        private int _disposed;

        /// <summary>
        /// Completes at the next tick; throws <see cref="OperationCanceledException"/> once <paramref name="cancellationToken"/>
        /// has fired (so a loop notices a stop at its next wait, at most one tick late). Returns the one task every loop
        /// shares: nothing is allocated per tick and loop.
        /// </summary>
        public Task WaitAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Volatile.Read(ref owner._next).Task;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe();
        }
    }
}
