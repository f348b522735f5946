using Gateway.Worker.Captures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Worker.Tests.Captures;

public sealed class CaptureManagerTests : IAsyncLifetime
{
    private static readonly CaptureSpec Spec = new()
    {
        Name = "standup",
        Source = new SourceSpec { Type = "rtp", Sdp = "v=0" },
        Outputs = [new OutputSpec { Type = "mp4" }],
    };

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "gw-worker-" + Guid.NewGuid().ToString("N"));
    private readonly ScriptedSourceFactory _sources = new();

    private readonly List<CaptureManager> _managers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every runner has saved its last state before the folder goes (a final save may still be on its way).</summary>
    public async Task DisposeAsync()
    {
        foreach (var manager in _managers) await manager.StopAsync(default);
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    private CaptureManager NewManager(CountingSinkFactory sinks, TimeProvider? time = null, int max = 10, bool resume = false)
    {
        var manager = new CaptureManager(new JsonFileCaptureStore(_dataDirectory, NullLogger<JsonFileCaptureStore>.Instance), [_sources], sinks,
            new CaptureManagerOptions { MaxConcurrentCaptures = max, ResumeCaptures = resume }, time ?? TimeProvider.System, NullLogger<CaptureManager>.Instance);
        _managers.Add(manager);
        return manager;
    }

    private static async Task<CaptureRecord> WaitForState(CaptureManager manager, string id, CaptureState state)
    {
        for (var i = 0; i < 500; i++)
        {
            if (manager.Get(id) is { } record && record.State == state) return record;
            await Task.Delay(10);
        }
        throw new TimeoutException($"capture {id} never reached {state}; it is {manager.Get(id)?.State}");
    }

    private static string Created(CreateOutcome outcome) =>
        Assert.IsType<CreateOutcome.Created>(outcome).Capture.Id;

    [Fact]
    public async Task A_capture_waits_records_and_completes_when_stopped()
    {
        var sinks = new CountingSinkFactory();
        var manager = NewManager(sinks);
        var id = Created(await manager.CreateAsync(Spec, null, default));
        await WaitForState(manager, id, CaptureState.Waiting);
        Assert.Empty(sinks.Created);                        // no ffmpeg before media

        var source = _sources.Opened.Dequeue();
        source.Send();
        source.Send();
        var recording = await WaitForState(manager, id, CaptureState.Recording);
        Assert.NotNull(recording.StartedAt);

        Assert.True(manager.Stop(id));
        var done = await WaitForState(manager, id, CaptureState.Completed);
        Assert.Equal(EndReason.Stopped, done.EndReason);
        Assert.Equal(2, sinks.Created.Single().Frames);
        Assert.True(sinks.Created.Single().Finalized);
        Assert.True(sinks.Created.Single().Disposed);
        Assert.True(source.Disposed);
        Assert.True(manager.Stop(id));                      // idempotent
        Assert.Equal(CaptureState.Completed, manager.Get(id)!.State);
    }

    [Fact]
    public async Task A_source_that_ends_completes_the_capture_with_sourceEnded()
    {
        var manager = NewManager(new CountingSinkFactory());
        var id = Created(await manager.CreateAsync(Spec, null, default));
        var source = _sources.Opened.Dequeue();
        source.Send();
        source.End();
        var done = await WaitForState(manager, id, CaptureState.Completed);
        Assert.Equal(EndReason.SourceEnded, done.EndReason);
    }

    [Fact]
    public async Task MaxDuration_ends_the_capture_with_maxDuration()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var manager = NewManager(new CountingSinkFactory(), time);
        var id = Created(await manager.CreateAsync(Spec with { MaxDurationSeconds = 30 }, null, default));
        _sources.Opened.Dequeue().Send();
        await WaitForState(manager, id, CaptureState.Recording);
        time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(50);
        Assert.Equal(CaptureState.Recording, manager.Get(id)!.State);
        time.Advance(TimeSpan.FromSeconds(2));
        var done = await WaitForState(manager, id, CaptureState.Completed);
        Assert.Equal(EndReason.MaxDuration, done.EndReason);
    }

    [Fact]
    public async Task A_failed_finalize_marks_the_capture_failed_with_the_reason()
    {
        var manager = NewManager(new CountingSinkFactory(failFinalize: true));
        var id = Created(await manager.CreateAsync(Spec, null, default));
        _sources.Opened.Dequeue().Send();
        await WaitForState(manager, id, CaptureState.Recording);
        manager.Stop(id);
        var failed = await WaitForState(manager, id, CaptureState.Failed);
        Assert.Equal(EndReason.Error, failed.EndReason);
        Assert.Contains("ffmpeg exited with 1", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_requests_create_nothing_and_name_the_field()
    {
        var manager = NewManager(new CountingSinkFactory());
        var invalid = Assert.IsType<CreateOutcome.Invalid>(await manager.CreateAsync(Spec with { Outputs = [] }, null, default));
        Assert.Contains("outputs", invalid.Errors.Keys);
        var rejected = Assert.IsType<CreateOutcome.Invalid>(
            await manager.CreateAsync(Spec with { Source = new SourceSpec { Type = "rtp", Sdp = "reject" } }, null, default));
        Assert.Equal(["no supported codec"], rejected.Errors["source.sdp"]);
        Assert.Empty(manager.List(null));
    }

    [Fact]
    public async Task Captures_beyond_the_limit_are_refused_until_one_ends()
    {
        var manager = NewManager(new CountingSinkFactory(), max: 1);
        var first = Created(await manager.CreateAsync(Spec, null, default));
        Assert.IsType<CreateOutcome.AtCapacity>(await manager.CreateAsync(Spec, null, default));
        manager.Stop(first);
        await WaitForState(manager, first, CaptureState.Completed);
        // The slot frees when the finished capture is retired, just after its final state is saved.
        CreateOutcome outcome = new CreateOutcome.AtCapacity(TimeSpan.Zero);
        for (var i = 0; i < 100 && outcome is CreateOutcome.AtCapacity; i++)
        {
            await Task.Delay(20);
            outcome = await manager.CreateAsync(Spec, null, default);
        }
        Assert.IsType<CreateOutcome.Created>(outcome);
    }

    [Fact]
    public async Task After_a_restart_finished_captures_are_listed_and_running_ones_are_interrupted()
    {
        var before = NewManager(new CountingSinkFactory());
        var finished = Created(await before.CreateAsync(Spec with { Name = "done" }, null, default));
        before.Stop(finished);
        await WaitForState(before, finished, CaptureState.Completed);
        var running = Created(await before.CreateAsync(Spec with { Name = "running" }, null, default));
        _sources.All[^1].Send();
        await WaitForState(before, running, CaptureState.Recording);
        await Task.Delay(100);                              // the recording state reaches disk

        // A new manager over the same data directory stands for the process after kill -9.
        var after = NewManager(new CountingSinkFactory());
        await after.StartAsync(default);
        var list = after.List(null);
        Assert.Equal([running, finished], list.Select(c => c.Id));
        Assert.Equal(EndReason.Stopped, after.Get(finished)!.EndReason);
        var interrupted = after.Get(running)!;
        Assert.Equal(CaptureState.Completed, interrupted.State);
        Assert.Equal(EndReason.Interrupted, interrupted.EndReason);
        Assert.Single(after.List(CaptureState.Completed), c => c.Id == running);
        await before.StopAsync(default);   // waits until every runner saved its last state: nothing writes once the folder is deleted
    }

    [Fact]
    public async Task With_resuming_on_a_running_rtp_capture_comes_back_as_a_new_part_instead()
    {
        var before = NewManager(new CountingSinkFactory());
        var running = Created(await before.CreateAsync(Spec with { Name = "running" }, null, default));
        _sources.All[^1].Send();
        await WaitForState(before, running, CaptureState.Recording);
        await Task.Delay(100);                              // the recording state reaches disk

        var after = NewManager(new CountingSinkFactory(), resume: true);
        await after.StartAsync(default);
        var resumed = after.Get(running)!;
        Assert.False(CaptureTransitions.IsFinal(resumed.State));
        Assert.Equal(2, Assert.Single(resumed.Resumptions!).Part);
        after.Stop(running);
        await WaitForState(after, running, CaptureState.Completed);
        Assert.Equal(EndReason.Stopped, after.Get(running)!.EndReason);
        await before.StopAsync(default);
        await after.StopAsync(default);
    }
}
