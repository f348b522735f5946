using Gateway.Rtc.Rtp;

namespace Gateway.Rtc.Tests.Rtp;

public sealed class CapturedRtpTests
{
    [Theory]
    [InlineData("rtp/ffmpeg-h264-seqwrap.hex", 96, 0x411D13A6u, (ushort)65500, 60)]
    [InlineData("rtp/ffmpeg-opus-seqwrap.hex", 111, 0x6D17D0D3u, (ushort)65530, 40)]
    public void Every_captured_packet_parses_with_the_stream_constants(string file, int payloadType, uint ssrc, ushort firstSequence, int count)
    {
        var packets = TestDataFiles.HexLines(file);
        Assert.Equal(count, packets.Length);
        for (var i = 0; i < packets.Length; i++)
        {
            Assert.True(RtpHeader.TryParse(packets[i], out var header, out var payload, out var error), $"packet {i}: {error}");
            Assert.Equal(payloadType, header.PayloadType);
            Assert.Equal(ssrc, header.Ssrc);
            Assert.Equal((ushort)(firstSequence + i), header.SequenceNumber);
            Assert.Equal(12, header.HeaderLength);
            Assert.False(header.HasExtension);
            Assert.Equal(packets[i].Length - 12, packets[i][payload].Length);
        }
    }

    [Fact]
    public void H264_capture_starts_with_SPS_and_marks_frame_ends()
    {
        var packets = TestDataFiles.HexLines("rtp/ffmpeg-h264-seqwrap.hex");
        Assert.True(RtpHeader.TryParse(packets[0], out _, out var payload, out _));
        // ffmpeg aggregates parameter sets in a STAP-A (type 24) whose first NAL is the SPS (type 7), RFC 6184 §5.7.1.
        Assert.Equal(24, packets[0][payload][0] & 0x1F);
        Assert.Equal(7, packets[0][payload][3] & 0x1F);
        // The marker bit is set on the last packet of each access unit, and the timestamp changes right after it.
        for (var i = 1; i < packets.Length; i++)
        {
            RtpHeader.TryParse(packets[i - 1], out var previous, out _, out _);
            RtpHeader.TryParse(packets[i], out var current, out _, out _);
            Assert.Equal(previous.Marker, current.Timestamp != previous.Timestamp);
        }
    }

    [Fact]
    public void Rewriting_a_captured_packet_reproduces_its_bytes()
    {
        foreach (var packet in TestDataFiles.HexLines("rtp/ffmpeg-opus-seqwrap.hex"))
        {
            Assert.True(RtpHeader.TryParse(packet, out var header, out var payload, out _));
            var buffer = new byte[packet.Length];
            var writer = new RtpPacketWriter(buffer);
            Assert.True(writer.TryWriteHeader(header, []));
            Assert.True(writer.TryFinish(packet.AsSpan()[payload], 0, out int written));
            Assert.Equal(packet, buffer[..written]);
        }
    }
}
