using Gateway.Rtc.Rtcp;

namespace Gateway.Rtc.Tests.Rtcp;

/// <summary>Hand-built packets checked field by field against draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.</summary>
public sealed class TransportWideCcFeedbackTests
{
    private static List<TwccPacketReport> Reports(TransportWideCcFeedback feedback)
    {
        var list = new List<TwccPacketReport>();
        foreach (var report in feedback.Packets) list.Add(report);
        return list;
    }

    // Base 0xFFFE (wraps), 5 statuses: small 4, lost, large -1, small 16, small 32. A large delta forces the two-bit
    // vector (§3.1.4): 1 1 | 01 00 10 01 01 00 00 = 0xD250. Deltas 04 FFFF 10 20, one padding byte with P set.
    private const string MixedHex = "AFCD0006" + "11111111" + "22222222" + "FFFE0005" + "12345607" + "D250" + "04FFFF1020" + "01";

    [Fact]
    public void Two_bit_vector_with_small_and_large_deltas_across_the_sequence_wrap()
    {
        Assert.True(TransportWideCcFeedback.TryParse(Convert.FromHexString(MixedHex), out var feedback, out var error), error.ToString());
        Assert.Equal(0x11111111u, feedback.SenderSsrc);
        Assert.Equal(0x22222222u, feedback.MediaSsrc);
        Assert.Equal((ushort)0xFFFE, feedback.BaseSequence);
        Assert.Equal((ushort)5, feedback.StatusCount);
        Assert.Equal(0x123456, feedback.ReferenceTime);
        Assert.Equal((byte)7, feedback.FeedbackCount);
        long reference = 0x123456L * 256;
        Assert.Equal(
        [
            new TwccPacketReport(0xFFFE, TwccSymbol.SmallDelta, 4, reference + 4),
            new TwccPacketReport(0xFFFF, TwccSymbol.NotReceived, 0, reference + 4),
            new TwccPacketReport(0x0000, TwccSymbol.LargeDelta, -1, reference + 3),
            new TwccPacketReport(0x0001, TwccSymbol.SmallDelta, 16, reference + 19),
            new TwccPacketReport(0x0002, TwccSymbol.SmallDelta, 32, reference + 51),
        ], Reports(feedback));
    }

    [Fact]
    public void Writer_produces_the_same_bytes()
    {
        var buffer = new byte[64];
        TwccPacketStatus[] statuses = [TwccPacketStatus.Received(4), TwccPacketStatus.NotReceived, TwccPacketStatus.Received(-1),
            TwccPacketStatus.Received(16), TwccPacketStatus.Received(32)];
        Assert.True(TransportWideCcFeedback.TryWrite(buffer, 0x11111111, 0x22222222, 0xFFFE, 0x123456, 7, statuses, out int written));
        Assert.Equal(MixedHex, Convert.ToHexString(buffer, 0, written));
    }

    [Fact]
    public void Run_length_chunk_of_221_not_received_as_in_the_draft()
    {
        // §3.1.3 example: T=0, S=00, run length 221 (0x00DD). Trailing zero bytes without P are tolerated.
        var data = Convert.FromHexString("8FCD0005" + "11111111" + "22222222" + "006400DD" + "FFFFFF01" + "00DD0000");
        Assert.True(TransportWideCcFeedback.TryParse(data, out var feedback, out _));
        Assert.Equal(-1, feedback.ReferenceTime); // 24-bit signed
        var reports = Reports(feedback);
        Assert.Equal(221, reports.Count);
        Assert.All(reports, r => Assert.False(r.Received));
        Assert.Equal((ushort)(100 + 220), reports[^1].SequenceNumber);

        var buffer = new byte[64];
        Assert.True(TransportWideCcFeedback.TryWrite(buffer, 0x11111111, 0x22222222, 100, -1, 1, new TwccPacketStatus[221], out int written));
        Assert.Equal("AFCD0005" + "11111111" + "22222222" + "006400DD" + "FFFFFF01" + "00DD0002", Convert.ToHexString(buffer, 0, written));
    }

    [Fact]
    public void One_bit_vector_when_every_delta_is_small()
    {
        // 14 symbols R N R R N... N R: 1 0 | 1 0 1 1 0 0 0 0 0 0 0 0 0 1 = 0xAC01, 4 one-byte deltas.
        var statuses = new TwccPacketStatus[14];
        statuses[0] = TwccPacketStatus.Received(1);
        statuses[2] = TwccPacketStatus.Received(2);
        statuses[3] = TwccPacketStatus.Received(3);
        statuses[13] = TwccPacketStatus.Received(255);
        var buffer = new byte[64];
        Assert.True(TransportWideCcFeedback.TryWrite(buffer, 1, 2, 10, 0, 0, statuses, out int written));
        Assert.Equal("AFCD0006" + "00000001" + "00000002" + "000A000E" + "00000000" + "AC01" + "010203FF" + "0002",
            Convert.ToHexString(buffer, 0, written));
        Assert.True(TransportWideCcFeedback.TryParse(buffer.AsSpan(0, written), out var feedback, out _));
        Assert.Equal(statuses, Reports(feedback).Select(r => new TwccPacketStatus(r.Symbol, r.DeltaTicks)));
    }

    [Fact]
    public void Long_runs_use_run_length_chunks_of_at_most_8191()
    {
        var statuses = Enumerable.Repeat(TwccPacketStatus.Received(7), 8192).ToArray();
        var buffer = new byte[9000];
        Assert.True(TransportWideCcFeedback.TryWrite(buffer, 1, 2, 0, 0, 0, statuses, out int written));
        Assert.Equal("3FFF2001", Convert.ToHexString(buffer, 20, 4)); // S=01 run 8191, then S=01 run 1
        Assert.True(TransportWideCcFeedback.TryParse(buffer.AsSpan(0, written), out var feedback, out _));
        var reports = Reports(feedback);
        Assert.Equal(8192, reports.Count);
        Assert.Equal(8192L * 7, reports[^1].ArrivalTicks);
    }

    [Theory]
    [InlineData("8FCD0004" + "11111111" + "22222222" + "00000002" + "00000000", RtcpParseError.Malformed)]      // no chunk
    [InlineData("8FCD0005" + "11111111" + "22222222" + "00000001" + "00000000" + "60010000", RtcpParseError.Malformed)] // reserved symbol 3
    [InlineData("8FCD0005" + "11111111" + "22222222" + "00000002" + "00000000" + "40020000", RtcpParseError.Malformed)] // 4 delta bytes missing
    [InlineData("8FCD0003" + "11111111" + "22222222" + "00000002", RtcpParseError.Truncated)]
    [InlineData("81CD0004" + "11111111" + "22222222" + "00000002" + "00000000", RtcpParseError.WrongFormat)]
    public void Rejects_inconsistent_feedback(string hex, RtcpParseError expected)
    {
        Assert.False(TransportWideCcFeedback.TryParse(Convert.FromHexString(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(TwccSymbol.SmallDelta, 256)]
    [InlineData(TwccSymbol.SmallDelta, -1)]
    [InlineData(TwccSymbol.LargeDelta, 40000)]
    [InlineData(TwccSymbol.NotReceived, 5)]
    [InlineData((TwccSymbol)3, 0)]
    public void Writer_refuses_statuses_it_cannot_encode(TwccSymbol symbol, int delta)
    {
        Assert.False(TransportWideCcFeedback.TryWrite(new byte[64], 1, 2, 0, 0, 0, [new TwccPacketStatus(symbol, delta)], out _));
    }
}
