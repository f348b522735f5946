using Gateway.Rtc.Ice;
using Microsoft.Extensions.Time.Testing;
using static Gateway.Rtc.Tests.Ice.IcePriorityTests;

namespace Gateway.Rtc.Tests.Ice;

/// <summary>Pacing (Ta, RFC 8445 §6.1.4.2, §14.2), triggered checks (§7.3.1.4) and retransmissions on a fake clock.</summary>
public sealed class IceCheckSchedulerTests
{
    private static readonly IceCheckSchedulerOptions Options = new()
    {
        Ta = TimeSpan.FromMilliseconds(50),
        InitialRto = TimeSpan.FromMilliseconds(500),
        MaxRto = TimeSpan.FromMilliseconds(1600),
        MaxTransmissions = 4,
    };

    private readonly FakeTimeProvider _time = new();
    private readonly List<IceCheckTransaction> _send = [];
    private readonly List<IceCheckTransaction> _expired = [];

    private (IceCheckList List, IceCheckScheduler Scheduler) Create(int remotes)
    {
        var list = new IceCheckList(controlling: true);
        var local = Candidate(IceCandidateType.Host, "192.0.2.1", 1000);
        list.Form([local], Enumerable.Range(0, remotes).Select(i => Candidate(IceCandidateType.Host, "192.0.2.9", 3000 + i, (ushort)(60000 - i), $"f{i}")));
        return (list, new IceCheckScheduler(list, Options, _time));
    }

    private List<IceCheckTransaction> Poll(IceCheckScheduler scheduler, bool newChecks = true)
    {
        _send.Clear();
        _expired.Clear();
        scheduler.Poll(_send, _expired, newChecks);
        return [.. _send];
    }

    [Fact]
    public void One_new_check_goes_out_per_Ta_in_priority_order()
    {
        var (list, scheduler) = Create(3);
        var first = Assert.Single(Poll(scheduler));
        Assert.Same(list.Pairs[0], first.Pair);
        Assert.Empty(Poll(scheduler));                                   // same instant: the slot is used
        _time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Empty(Poll(scheduler));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Same(list.Pairs[1], Assert.Single(Poll(scheduler)).Pair);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Same(list.Pairs[2], Assert.Single(Poll(scheduler)).Pair);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Empty(Poll(scheduler));                                   // nothing left to start, nothing due yet
        Assert.Equal(3, scheduler.InFlight.Count);
    }

    [Fact]
    public void A_triggered_check_takes_the_next_slot_before_ordinary_checks()
    {
        var (list, scheduler) = Create(3);
        Poll(scheduler);
        scheduler.Trigger(list.Pairs[2]);
        scheduler.Trigger(list.Pairs[2]);                                // queued once
        _time.Advance(Options.Ta);
        var sent = Assert.Single(Poll(scheduler));
        Assert.Same(list.Pairs[2], sent.Pair);
        Assert.False(sent.UseCandidate);
        _time.Advance(Options.Ta);
        Assert.Same(list.Pairs[1], Assert.Single(Poll(scheduler)).Pair);
    }

    [Fact]
    public void A_nomination_is_a_triggered_check_with_use_candidate()
    {
        var (list, scheduler) = Create(1);
        Poll(scheduler);
        scheduler.Trigger(list.Pairs[0], useCandidate: true);
        _time.Advance(Options.Ta);
        Assert.True(Assert.Single(Poll(scheduler)).UseCandidate);
    }

    [Fact]
    public void An_unanswered_check_is_retransmitted_with_a_doubling_capped_rto_then_its_pair_fails()
    {
        var (list, scheduler) = Create(1);
        var check = Assert.Single(Poll(scheduler));
        Assert.Equal(1, check.Transmissions);
        var waits = new[] { 500, 1000, 1600 };                            // 500, doubled to 1000, capped at 1600
        foreach (var wait in waits)
        {
            _time.Advance(TimeSpan.FromMilliseconds(wait - 1));
            Assert.Empty(Poll(scheduler));
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Same(check, Assert.Single(Poll(scheduler)));         // the same transaction, same bytes
        }
        Assert.Equal(4, check.Transmissions);
        Assert.Equal(IceCandidatePairState.InProgress, list.Pairs[0].State);
        _time.Advance(TimeSpan.FromMilliseconds(1600));
        Assert.Empty(Poll(scheduler));
        Assert.Same(check, Assert.Single(_expired));
        Assert.Equal(IceCandidatePairState.Failed, list.Pairs[0].State);
        Assert.True(list.AllFailed);
        Assert.Empty(scheduler.InFlight);
    }

    [Fact]
    public void An_answered_check_stops_retransmitting()
    {
        var (_, scheduler) = Create(1);
        var check = Assert.Single(Poll(scheduler));
        Assert.Same(check, scheduler.Complete(check.Id));
        Assert.Null(scheduler.Complete(check.Id));                       // a duplicate answer is not ours any more
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(Poll(scheduler));
        Assert.Empty(_expired);
    }

    [Fact]
    public void Once_connected_only_retransmissions_and_consent_checks_go_out()
    {
        var (list, scheduler) = Create(2);
        var first = Assert.Single(Poll(scheduler));
        _time.Advance(Options.InitialRto);
        Assert.Same(first, Assert.Single(Poll(scheduler, newChecks: false)));   // pair 2 is not started
        var consent = scheduler.StartConsent(list.Pairs[0]);
        Assert.True(consent.Consent);
        Assert.Equal(1, consent.Transmissions);
        Assert.Equal(IceCandidatePairState.Waiting, list.Pairs[1].State);
    }

    [Fact]
    public void An_expired_consent_check_does_not_fail_the_pair()
    {
        var (list, scheduler) = Create(1);
        var check = Assert.Single(Poll(scheduler));
        scheduler.Complete(check.Id);
        list.Pairs[0].State = IceCandidatePairState.Succeeded;
        var consent = scheduler.StartConsent(list.Pairs[0]);
        _time.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 10 && _expired.Count == 0; i++)
        {
            Poll(scheduler, newChecks: false);
            _time.Advance(TimeSpan.FromSeconds(2));
        }
        Assert.Same(consent, Assert.Single(_expired));
        Assert.Equal(IceCandidatePairState.Succeeded, list.Pairs[0].State);
    }
}
