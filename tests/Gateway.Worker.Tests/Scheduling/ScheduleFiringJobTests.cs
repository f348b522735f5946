using Gateway.Worker.Captures;
using Gateway.Worker.Jobs;
using Gateway.Worker.Options;
using Gateway.Worker.Scheduling;
using Gateway.Worker.Tests.Captures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Worker.Tests.Scheduling;

/// <summary>The firing job against real job storage (SQLite in a temp folder), a scripted source and a fake clock.</summary>
public sealed class ScheduleFiringJobTests : IDisposable
{
    private static readonly DateTimeOffset Ten = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly CaptureSpec Capture = new()
    {
        Source = new SourceSpec { Type = "rtp", Sdp = "v=0" }, Outputs = [new OutputSpec { Type = "mp4" }], MaxDurationSeconds = 3600,
    };

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "gw-schedules-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Ten.AddSeconds(-30));
    private readonly ScriptedSourceFactory _sources = new();
    private readonly JobStorageProvider _storage;
    private readonly ScheduleStore _store;
    private readonly HangfireOptions _options = new() { MissedFiringTolerance = TimeSpan.FromSeconds(60) };

    public ScheduleFiringJobTests()
    {
        _storage = new JobStorageProvider(Microsoft.Extensions.Options.Options.Create(_options),
            Microsoft.Extensions.Options.Options.Create(new GatewayOptions { DataDirectory = _dataDirectory }), _time,
            NullLogger<JobStorageProvider>.Instance);
        _store = new ScheduleStore(_storage);
    }

    public void Dispose()
    {
        _storage.Dispose();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    private CaptureManager NewCaptures(int max = 10) =>
        new(new JsonFileCaptureStore(_dataDirectory, NullLogger<JsonFileCaptureStore>.Instance), [_sources], new CountingSinkFactory(),
            new CaptureManagerOptions { MaxConcurrentCaptures = max }, _time, NullLogger<CaptureManager>.Instance);

    private ScheduleFiringJob NewJob(CaptureManager captures) =>
        new(_store, captures, Microsoft.Extensions.Options.Options.Create(_options), _time, NullLogger<ScheduleFiringJob>.Instance);

    private string AddOneOff(int durationSeconds = 5)
    {
        var definition = new ScheduleDefinition
        {
            Id = CaptureId.New(ScheduleManager.IdPrefix, _time.GetUtcNow()), At = Ten, DurationSeconds = durationSeconds,
            Capture = Capture, CreatedAt = _time.GetUtcNow(),
        };
        _store.Add(definition);
        return definition.Id;
    }

    [Fact]
    public async Task An_on_time_firing_creates_one_capture_linked_to_the_schedule_that_stops_after_the_duration()
    {
        var captures = NewCaptures();
        var id = AddOneOff(durationSeconds: 5);
        _time.SetUtcNow(Ten.AddSeconds(1));

        Assert.Equal(FiringDecision.Fire, await NewJob(captures).FireOnceAsync(id, Ten, CancellationToken.None));
        // Delivered again (another node, a redelivery): no second capture.
        Assert.Equal(FiringDecision.AlreadyAccounted, await NewJob(captures).FireOnceAsync(id, Ten, CancellationToken.None));

        var capture = Assert.Single(captures.List(null));
        Assert.Equal(id, capture.ScheduleId);
        var firing = Assert.Single(_store.Get(id)!.Ledger.Firings);
        Assert.Equal((FiringOutcome.Started, capture.Id, Ten), (firing.Outcome, firing.CaptureId, firing.At));

        // The template says an hour; the schedule says 5 s: the capture ends itself at 5 s.
        for (var i = 0; i < 500 && captures.Get(capture.Id)!.State != CaptureState.Waiting; i++) await Task.Delay(10);
        Assert.Equal(CaptureState.Waiting, captures.Get(capture.Id)!.State);
        await Task.Delay(200);   // the runner arms its max-duration timer right after entering waiting
        _time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(100);
        Assert.False(CaptureTransitions.IsFinal(captures.Get(capture.Id)!.State));
        _time.Advance(TimeSpan.FromSeconds(0.2));
        for (var i = 0; i < 200 && !CaptureTransitions.IsFinal(captures.Get(capture.Id)!.State); i++) await Task.Delay(10);
        Assert.Equal(EndReason.MaxDuration, captures.Get(capture.Id)!.EndReason);
    }

    [Fact]
    public async Task A_job_handed_over_before_its_instant_waits_for_it()
    {
        // Hangfire stores schedule times in whole seconds: a one-off at 10:00:00.000 can be handed over at 09:59:59.4.
        var captures = NewCaptures();
        var id = AddOneOff();
        _time.SetUtcNow(Ten.AddMilliseconds(-600));

        var firing = NewJob(captures).FireOnceAsync(id, Ten, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(firing.IsCompleted);
        Assert.Empty(captures.List(null));
        _time.Advance(TimeSpan.FromMilliseconds(600));

        Assert.Equal(FiringDecision.Fire, await firing.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(Assert.Single(captures.List(null)).CreatedAt >= Ten);
    }

    [Fact]
    public async Task A_late_firing_is_recorded_missed_and_creates_no_capture()
    {
        var captures = NewCaptures();
        var id = AddOneOff();
        _time.SetUtcNow(Ten.AddSeconds(61));

        Assert.Equal(FiringDecision.Late, await NewJob(captures).FireOnceAsync(id, Ten, CancellationToken.None));

        Assert.Empty(captures.List(null));
        Assert.Empty(_sources.All);   // not even a socket was opened
        var stored = _store.Get(id)!;
        Assert.Equal(FiringOutcome.Missed, Assert.Single(stored.Ledger.Firings).Outcome);
        Assert.Equal(1, stored.Ledger.MissedCount);
    }

    [Fact]
    public async Task A_firing_at_capacity_is_recorded_failed_with_the_reason()
    {
        var captures = NewCaptures(max: 1);
        Assert.IsType<CreateOutcome.Created>(await captures.CreateAsync(Capture, null, CancellationToken.None));
        var id = AddOneOff();
        _time.SetUtcNow(Ten);

        Assert.Equal(FiringDecision.Fire, await NewJob(captures).FireOnceAsync(id, Ten, CancellationToken.None));

        var firing = Assert.Single(_store.Get(id)!.Ledger.Firings);
        Assert.Equal(FiringOutcome.Failed, firing.Outcome);
        Assert.StartsWith("atCapacity", firing.Error, StringComparison.Ordinal);
        Assert.Null(firing.CaptureId);
        Assert.Equal(1, _store.Get(id)!.Ledger.FailedCount);
    }

    [Fact]
    public async Task A_firing_of_a_deleted_schedule_does_nothing()
    {
        var captures = NewCaptures();
        var id = AddOneOff();
        Assert.NotNull(_store.Remove(id));
        _time.SetUtcNow(Ten);
        Assert.Equal(FiringDecision.Unknown, await NewJob(captures).FireOnceAsync(id, Ten, CancellationToken.None));
        Assert.Empty(captures.List(null));
        Assert.Null(_store.Get(id));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_firing_create_exactly_one_capture()
    {
        var captures = NewCaptures();
        var definition = new ScheduleDefinition
        {
            Id = CaptureId.New(ScheduleManager.IdPrefix, _time.GetUtcNow()), Cron = "* * * * *", DurationSeconds = 5,
            Capture = Capture, CreatedAt = _time.GetUtcNow(),
        };
        _store.Add(definition);
        _time.SetUtcNow(Ten.AddSeconds(1));

        // Own threads: the storage's lock waits block, and must not starve the thread pool other tests run on.
        var decisions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
            () => NewJob(captures).FireOnceAsync(definition.Id, Ten, CancellationToken.None), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));

        Assert.Equal(1, decisions.Count(d => d == FiringDecision.Fire));
        Assert.Equal(7, decisions.Count(d => d == FiringDecision.AlreadyAccounted));
        Assert.Single(captures.List(null));
    }

    [Fact]
    public void The_auditor_records_a_missed_one_off_once()
    {
        var id = AddOneOff();
        var auditor = new MissedFiringAuditor(_storage, _store, Microsoft.Extensions.Options.Options.Create(_options), _time,
            NullLogger<MissedFiringAuditor>.Instance);
        _time.SetUtcNow(Ten.AddSeconds(59));
        Assert.Equal(0, auditor.AuditOnce());
        _time.SetUtcNow(Ten.AddSeconds(60));
        Assert.Equal(1, auditor.AuditOnce());
        Assert.Equal(0, auditor.AuditOnce());
        Assert.Equal(FiringOutcome.Missed, _store.Get(id)!.Ledger.Firings.Single().Outcome);
    }
}
