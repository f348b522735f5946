using Gateway.Rtc.Rtp;

namespace Gateway.Rtc.Tests.Rtp;

public sealed class SequenceTrackerTests
{
    private static (SequenceUpdate[] Updates, long[] Extended) Feed(SequenceTracker tracker, params ushort[] sequences)
    {
        var updates = new SequenceUpdate[sequences.Length];
        var extended = new long[sequences.Length];
        for (var i = 0; i < sequences.Length; i++) updates[i] = tracker.Update(sequences[i], out extended[i]);
        return (updates, extended);
    }

    [Fact]
    public void New_source_is_on_probation_until_two_packets_in_sequence()
    {
        var tracker = new SequenceTracker();
        var (updates, extended) = Feed(tracker, 100, 101, 102);
        Assert.Equal([SequenceUpdate.Probation, SequenceUpdate.Accepted, SequenceUpdate.Accepted], updates);
        Assert.Equal([-1L, 101, 102], extended);
        Assert.True(tracker.IsValid);
        Assert.Equal(2, tracker.Received);
        Assert.Equal(2, tracker.Expected);
    }

    [Fact]
    public void Probation_restarts_when_the_second_packet_does_not_follow()
    {
        var tracker = new SequenceTracker();
        var (updates, _) = Feed(tracker, 10, 50, 51);
        Assert.Equal([SequenceUpdate.Probation, SequenceUpdate.Probation, SequenceUpdate.Accepted], updates);
        Assert.Equal(51u, tracker.ExtendedHighestSequence);
    }

    [Fact]
    public void Counts_cycles_across_65535_to_0_and_gives_late_packets_the_old_cycle()
    {
        var tracker = new SequenceTracker();
        var (updates, extended) = Feed(tracker, 65533, 65534, 0, 65535, 1);
        Assert.All(updates[1..], u => Assert.Equal(SequenceUpdate.Accepted, u));
        Assert.Equal([-1L, 65534, 65536, 65535, 65537], extended);
        Assert.Equal(65536u, tracker.Cycles);
        Assert.Equal((ushort)1, tracker.MaxSequence);
        Assert.Equal(65537u, tracker.ExtendedHighestSequence);
        Assert.Equal(0, tracker.Lost);
    }

    [Fact]
    public void Loss_and_fraction_follow_RFC_3550_A3()
    {
        var tracker = new SequenceTracker();
        Feed(tracker, 1, 2, 3, 6, 7, 8, 9, 10);        // 4 and 5 lost; expected 2..10 = 9, received 7
        Assert.Equal(9, tracker.Expected);
        Assert.Equal(2, tracker.Lost);
        var (fraction, cumulative) = tracker.TakeLossSnapshot();
        Assert.Equal((byte)(2 * 256 / 9), fraction);
        Assert.Equal(2, cumulative);
        Feed(tracker, 11, 12, 13, 14);                  // no loss in the next interval
        Assert.Equal(((byte)0, 2), tracker.TakeLossSnapshot());
        Feed(tracker, 14, 14);                          // duplicates: more received than expected
        Assert.Equal(((byte)0, 0), tracker.TakeLossSnapshot());
    }

    [Fact]
    public void A_large_jump_is_ignored_once_and_resynchronizes_when_followed()
    {
        var tracker = new SequenceTracker();
        Feed(tracker, 1, 2, 3);
        Assert.Equal(SequenceUpdate.BadJump, tracker.Update(40000, out long ignored));
        Assert.Equal(-1, ignored);
        Assert.Equal((ushort)3, tracker.MaxSequence);
        Assert.Equal(SequenceUpdate.Resynchronized, tracker.Update(40001, out long extended));
        Assert.Equal(40001, extended);
        Assert.Equal((ushort)40001, tracker.MaxSequence);
        Assert.Equal(1, tracker.Received);
        Assert.Equal(SequenceUpdate.Accepted, tracker.Update(40002, out _));
    }

    [Fact]
    public void A_large_jump_not_followed_leaves_the_stream_as_it_was()
    {
        var tracker = new SequenceTracker();
        Feed(tracker, 1, 2, 3);
        Assert.Equal(SequenceUpdate.BadJump, tracker.Update(40000, out _));
        Assert.Equal(SequenceUpdate.Accepted, tracker.Update(4, out long extended));
        Assert.Equal(4, extended);
        Assert.Equal(3, tracker.Received);
    }

    [Fact]
    public void Tracks_the_ffmpeg_H264_capture_across_its_wrap_without_loss()
    {
        var tracker = new SequenceTracker();
        long previous = -1;
        foreach (var packet in TestDataFiles.HexLines("rtp/ffmpeg-h264-seqwrap.hex"))
        {
            Assert.True(RtpHeader.TryParse(packet, out var header, out _, out _));
            if (tracker.Update(header.SequenceNumber, out long extended) == SequenceUpdate.Accepted)
            {
                if (previous >= 0) Assert.Equal(previous + 1, extended);
                previous = extended;
            }
        }
        Assert.Equal(65536u, tracker.Cycles);           // started at 65500, 60 packets
        Assert.Equal(0, tracker.Lost);
        Assert.Equal(59, tracker.Received);              // the first packet is spent on probation
    }
}
