using System.Diagnostics;

namespace Gateway.LoadHarness.Replay;

/// <summary>
/// A few sending threads shared by every session (a thread per publisher would cost more than what is measured):
/// each thread pumps its sessions, then sleeps until the earliest next packet.
/// </summary>
internal sealed class ReplayScheduler : IDisposable
{
    private readonly Worker[] _workers;
    private int _next;

    public ReplayScheduler(int threads)
    {
        _workers = Enumerable.Range(0, threads).Select(i => new Worker(i)).ToArray();
    }

    public void Add(ReplaySession session) => _workers[_next++ % _workers.Length].Add(session);

    public void Dispose()
    {
        foreach (var worker in _workers) worker.Dispose();
    }

    private sealed class Worker : IDisposable
    {
        private readonly Thread _thread;
        private readonly Lock _gate = new();
        private volatile ReplaySession[] _sessions = [];
        private volatile bool _stop;

        public Worker(int index)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = $"replay-{index}", Priority = ThreadPriority.AboveNormal };
            _thread.Start();
        }

        public void Add(ReplaySession session)
        {
            lock (_gate) _sessions = [.. _sessions, session];
        }

        private void Run()
        {
            var buffer = new byte[2048];
            while (!_stop)
            {
                var next = long.MaxValue;
                foreach (var session in _sessions) next = Math.Min(next, session.Pump(Stopwatch.GetTimestamp(), buffer));
                var wait = next == long.MaxValue ? Stopwatch.Frequency / 100 : next - Stopwatch.GetTimestamp();
                if (wait > 0) Thread.Sleep(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}
