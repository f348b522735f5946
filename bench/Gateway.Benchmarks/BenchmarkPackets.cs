using Gateway.Rtc.Rtcp;
using Gateway.Rtc.Rtp;

namespace Gateway.Benchmarks;

/// <summary>Packets shaped like real traffic, built once per benchmark class.</summary>
internal static class BenchmarkPackets
{
    /// <summary>An ffmpeg SR + SDES(CNAME) compound, as captured (tests/testdata/rtcp/ffmpeg-h264-sr-sdes-bye.hex).</summary>
    public static byte[] FfmpegSenderReport() => Convert.FromHexString(
        "80C80006411D13A6EEB0FACAC6E978D42C70D3D0000000920000DACD81CA0007411D13A60112766964656F40676174657761792E7465737400000000");

    /// <summary>A 1200-byte video packet with a browser-like one-byte extension (abs-send-time, transport-wide seq, mid).</summary>
    public static byte[] VideoPacket()
    {
        var buffer = new byte[1300];
        var writer = new RtpPacketWriter(buffer);
        writer.TryWriteHeader(new RtpHeader(false, 96, 4242, 0x2C69F006, 0x411D13A6), [], RtpExtensionForm.OneByte);
        writer.TryAddExtension(2, [0x12, 0x34, 0x56]);
        writer.TryAddExtension(3, [0x01, 0x02]);
        writer.TryAddExtension(4, "0"u8);
        writer.TryFinish(new byte[1200 - 24], 0, out int written);
        return buffer[..written];
    }

    /// <summary>RR with one block followed by REMB for two SSRCs, as a browser receiver sends.</summary>
    public static byte[] ReceiverReportWithRemb()
    {
        var buffer = new byte[128];
        new ReceiverReport(0x11111111, [new ReceptionReport(0x22222222, 3, 17, 0x1_0042, 120, 0xFAC58000, 0x8000)]).TryWriteTo(buffer, out int rr);
        new ReceiverEstimatedMaximumBitrate(0x11111111, 2_500_000, [0x22222222, 0x33333333]).TryWriteTo(buffer.AsSpan(rr), out int remb);
        return buffer[..(rr + remb)];
    }

    /// <summary>TWCC feedback for 60 packets (mostly small deltas, a loss and a large gap), as sent every ~100 ms.</summary>
    public static byte[] TransportWideCc()
    {
        var statuses = new TwccPacketStatus[60];
        for (var i = 0; i < statuses.Length; i++) statuses[i] = TwccPacketStatus.Received(i % 5 * 8);
        statuses[17] = TwccPacketStatus.NotReceived;
        statuses[40] = TwccPacketStatus.Received(1200);
        var buffer = new byte[256];
        TransportWideCcFeedback.TryWrite(buffer, 0x11111111, 0x22222222, 65500, 4242, 9, statuses, out int written);
        return buffer[..written];
    }
}
