using Gateway.Worker.Captures;
using Gateway.Worker.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Worker.Tests.Scheduling;

/// <summary>The fire / skip / missed rules on a fake clock.</summary>
public sealed class FiringLedgerTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Created = new(2026, 11, 25, 9, 59, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset Ten = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly CaptureSpec Capture = new() { Source = new SourceSpec { Type = "rtp", Sdp = "v=0" }, Outputs = [new OutputSpec { Type = "mp4" }] };

    private static ScheduleDefinition EveryMinute => new() { Id = "s_1", Cron = "* * * * *", DurationSeconds = 30, Capture = Capture, CreatedAt = Created };

    private static ScheduleDefinition OneOff => new() { Id = "s_2", At = Ten, DurationSeconds = 30, Capture = Capture, CreatedAt = Created };

    [Fact]
    public void An_on_time_firing_is_claimed_once()
    {
        var time = new FakeTimeProvider(Ten.AddSeconds(2));
        var (decision, ledger) = FiringLedger.Claim(EveryMinute, new ScheduleLedger(), Ten, time.GetUtcNow(), Tolerance);
        Assert.Equal(FiringDecision.Fire, decision);
        var firing = Assert.Single(ledger.Firings);
        Assert.Equal((Ten, FiringOutcome.Starting, time.GetUtcNow()), (firing.At, firing.Outcome, firing.FiredAt!.Value));
        Assert.Equal(Ten, ledger.Watermark);

        // Another node, or Hangfire redelivering the job: nothing happens.
        time.Advance(TimeSpan.FromSeconds(1));
        var (again, unchanged) = FiringLedger.Claim(EveryMinute, ledger, Ten, time.GetUtcNow(), Tolerance);
        Assert.Equal(FiringDecision.AlreadyAccounted, again);
        Assert.Same(ledger, unchanged);

        var done = FiringLedger.Complete(ledger, Ten, FiringOutcome.Started, "c_1", null);
        Assert.Equal(("c_1", FiringOutcome.Started), (done.Firings[0].CaptureId, done.Firings[0].Outcome));
        Assert.Equal(1, done.StartedCount);
    }

    [Fact]
    public void A_firing_later_than_the_tolerance_is_recorded_missed_instead_of_run()
    {
        var now = Ten + Tolerance + TimeSpan.FromSeconds(1);
        var (decision, ledger) = FiringLedger.Claim(OneOff, new ScheduleLedger(), Ten, now, Tolerance);
        Assert.Equal(FiringDecision.Late, decision);
        var firing = Assert.Single(ledger.Firings);
        Assert.Equal((Ten, FiringOutcome.Missed), (firing.At, firing.Outcome));
        Assert.Null(firing.CaptureId);
        Assert.Equal(1, ledger.MissedCount);
        Assert.Null(FiringLedger.NextFiring(OneOff, ledger, now));

        // Exactly at the tolerance it still runs.
        Assert.Equal(FiringDecision.Fire, FiringLedger.Claim(OneOff, new ScheduleLedger(), Ten, Ten + Tolerance, Tolerance).Decision);
    }

    [Fact]
    public void Occurrences_skipped_before_a_firing_are_recorded_missed_first()
    {
        // Nodes were down from 10:00 to 10:03:10; Hangfire (Ignorable) fires only 10:04.
        var (decision, ledger) = FiringLedger.Claim(EveryMinute, new ScheduleLedger(), Ten.AddMinutes(4), Ten.AddMinutes(4).AddSeconds(1), Tolerance);
        Assert.Equal(FiringDecision.Fire, decision);
        Assert.Equal([Ten.AddMinutes(4), Ten.AddMinutes(3), Ten.AddMinutes(2), Ten.AddMinutes(1), Ten], ledger.Firings.Select(f => f.At));
        Assert.Equal([FiringOutcome.Starting, .. Enumerable.Repeat(FiringOutcome.Missed, 4)], ledger.Firings.Select(f => f.Outcome));
        Assert.Equal(4, ledger.MissedCount);
    }

    [Fact]
    public void The_audit_records_only_firings_older_than_the_tolerance_and_only_once()
    {
        var time = new FakeTimeProvider(Ten.AddMinutes(2).AddSeconds(30));
        var ledger = FiringLedger.Audit(EveryMinute, new ScheduleLedger(), time.GetUtcNow(), Tolerance);
        // 10:00 and 10:01 are older than a minute; 10:02 may still fire.
        Assert.Equal([Ten.AddMinutes(1), Ten], ledger.Firings.Select(f => f.At));
        Assert.All(ledger.Firings, f => Assert.Equal(FiringOutcome.Missed, f.Outcome));
        Assert.Same(ledger, FiringLedger.Audit(EveryMinute, ledger, time.GetUtcNow(), Tolerance));   // a second pass (another node) adds nothing

        // 10:02 fires in time; a late redelivery of 10:01 after the audit is not run.
        var (decision, fired) = FiringLedger.Claim(EveryMinute, ledger, Ten.AddMinutes(2), time.GetUtcNow(), Tolerance);
        Assert.Equal(FiringDecision.Fire, decision);
        Assert.Equal(FiringDecision.AlreadyAccounted, FiringLedger.Claim(EveryMinute, fired, Ten.AddMinutes(1), time.GetUtcNow(), Tolerance).Decision);
        Assert.Equal(Ten.AddMinutes(3), FiringLedger.NextFiring(EveryMinute, fired, time.GetUtcNow()));
    }

    [Fact]
    public void A_one_off_is_audited_missed_once_its_tolerance_passed()
    {
        Assert.Empty(FiringLedger.Audit(OneOff, new ScheduleLedger(), Ten + Tolerance - TimeSpan.FromSeconds(1), Tolerance).Firings);
        var ledger = FiringLedger.Audit(OneOff, new ScheduleLedger(), Ten + Tolerance, Tolerance);
        Assert.Equal((Ten, FiringOutcome.Missed), (ledger.Firings.Single().At, ledger.Firings.Single().Outcome));
        Assert.Equal(FiringDecision.AlreadyAccounted, FiringLedger.Claim(OneOff, ledger, Ten, Ten + Tolerance, Tolerance).Decision);
    }

    [Fact]
    public void The_history_keeps_the_newest_firings_and_counts_all()
    {
        var every = EveryMinute with { Cron = "* * * * * *" };   // every second
        var ledger = FiringLedger.Audit(every, new ScheduleLedger(), Created.AddHours(2), Tolerance);
        var expected = (long)(TimeSpan.FromHours(2) - Tolerance).TotalSeconds;
        Assert.Equal(expected, ledger.MissedCount);
        Assert.Equal(ScheduleLedger.MaxFirings, ledger.Firings.Count);
        Assert.Equal(Created.AddHours(2) - Tolerance, ledger.Firings[0].At);
        Assert.Equal(ledger.Firings[0].At, ledger.Watermark);
    }

    [Fact]
    public void A_firing_uses_the_shorter_of_the_template_limit_and_the_duration()
    {
        Assert.Equal(30, EveryMinute.CaptureForFiring().MaxDurationSeconds);
        Assert.Equal(10, (EveryMinute with { Capture = Capture with { MaxDurationSeconds = 10 } }).CaptureForFiring().MaxDurationSeconds);
    }
}
